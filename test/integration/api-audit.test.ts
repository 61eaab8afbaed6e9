import { randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DOMAINS } from '../../shared/domains'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'

/**
 * The authorisation audit: walks every route file under server/api and proves that
 * anonymous callers are refused everywhere except on an explicit allow-list, and
 * that each route declares its access in its contract (enforced by defineApiRoute).
 * A new route is covered without touching this file; a new PUBLIC route must be
 * added to the allow-list below on purpose.
 */
const PUBLIC_ROUTES = new Set([
  // Anyone checks a signed document: by its code, or a document with its .cms (explorer).
  'GET /api/explorer/verify/:code',
  'POST /api/explorer/verify',
  // A signing request's party acts by the link it was sent (the token is its key; explorer).
  'GET /api/signing/:token',
  'GET /api/signing/:token/document',
  'POST /api/signing/:token/sign',
  'POST /api/signing/:token/decline',
  'POST /api/signing/:token/egov',
  'GET /api/signing/:token/egov/:id',
  'POST /api/signing/:token/egov/:id/cancel',
  'POST /api/auth/register',
  'POST /api/auth/verify',
  'POST /api/auth/verify/resend',
  'POST /api/auth/login',
  'POST /api/auth/certificate/challenge',
  'POST /api/auth/certificate/login',
  'GET /api/auth/certificate/egov',
  'POST /api/auth/certificate/egov',
  'GET /api/auth/certificate/egov/:id',
  'POST /api/auth/certificate/egov/:id/cancel',
  'POST /api/auth/certificate/egov/:id/login',
  'POST /api/auth/refresh',
  'POST /api/auth/password/forgot',
  'POST /api/auth/password/reset',
  'POST /api/auth/email/confirm',
  'GET /api/bench/ping',
  'GET /api/workspace/invites/:token/preview',
  'GET /api/content/catalog',
  'GET /api/content/sections/:slug',
  'GET /api/content/documents/:slug',
  'GET /api/content/articles',
  'GET /api/content/articles/:slug',
  'GET /api/content/search',
  // Epay's callbacks: verified by the echoed secret_hash and Epay's status API, not by a session.
  'POST /api/billing/epay/postlink',
  'POST /api/billing/epay/failure',
  'GET /api/subscription/plans',
])
const DOMAIN_PINGS = new Set(DOMAINS.map((d) => `GET /api/${d}/ping`))
const isDomainPing = (key: string) => DOMAIN_PINGS.has(key)

let db: Awaited<ReturnType<typeof createTestDatabase>>
let app: { url: string; close: () => Promise<void> }
let routes: Array<{ file: string; route: string; method: string }>

beforeAll(async () => {
  db = await createTestDatabase('audit')
  process.env.DATABASE_URL = db.url
  process.env.REDIS_PREFIX = testRedisPrefix('audit')
  const h = await import('../helpers/h3-app')
  routes = h.routeFiles('.')
  app = await h.listenApiApp(['.'])
})
afterAll(async () => {
  await app?.close()
  const { closeDb } = await import('../../server/lib/db')
  await closeDb()
  await db?.drop()
})

function concrete(route: string): string {
  return route.replace(/\*\*(:\w+)?/g, 'a/b').replace(/:(\w+)/g, () => randomUUID())
}

describe('authorisation audit over every /api route', () => {
  it('finds the route files (the audit is not empty), a ping for each domain among them', () => {
    expect(routes.length).toBeGreaterThan(40)
    const keys = new Set(routes.map((r) => `${r.method.toUpperCase()} ${r.route}`))
    for (const p of DOMAIN_PINGS) expect(keys.has(p), p).toBe(true)
  })

  it('every route declares its access in a defineApiRoute contract', async () => {
    const missing: string[] = []
    for (const r of routes) {
      const mod = (await import(pathToFileURL(r.file).href)) as { default: { contract?: { access?: string } } }
      if (!mod.default.contract?.access) missing.push(`${r.method.toUpperCase()} ${r.route}`)
    }
    expect(missing).toEqual([])
  })

  it('only allow-listed routes declare public access', async () => {
    const declaredPublic: string[] = []
    for (const r of routes) {
      const mod = (await import(pathToFileURL(r.file).href)) as { default: { contract: { access: string } } }
      const key = `${r.method.toUpperCase()} ${r.route}`
      if (mod.default.contract.access === 'public' && !isDomainPing(key)) declaredPublic.push(key)
    }
    expect(declaredPublic.sort()).toEqual([...PUBLIC_ROUTES].sort())
  })

  it('refuses anonymous callers with 401 on every other route, whatever the input', async () => {
    const leaks: string[] = []
    for (const r of routes) {
      const key = `${r.method.toUpperCase()} ${r.route}`
      if (PUBLIC_ROUTES.has(key) || isDomainPing(key)) continue
      const variants: Array<Record<string, string>> = [{}, { authorization: 'Bearer not-a-token' }, { authorization: 'Bearer d24_forged' }]
      for (const headers of variants) {
        const res = await fetch(app.url + concrete(r.route), {
          method: r.method.toUpperCase(),
          headers: { 'content-type': 'application/json', ...headers },
          body: r.method === 'get' || r.method === 'delete' ? undefined : '{}',
        })
        const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } }
        if (res.status !== 401 || body.error?.code !== 'UNAUTHENTICATED') leaks.push(`${key} ${JSON.stringify(headers)} → ${res.status}`)
      }
    }
    expect(leaks).toEqual([])
  })
})
