import { randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { resetConfigForTests } from '../../server/lib/config'
import { activeUser, call, uniqueEmail, uniqueIp } from '../helpers/auth'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { VALID_BIN } from '../helpers/workspace'

/**
 * Property-style audit of the input edge: EVERY route of the route table gets, in each
 * string of its body, query and path, values PostgreSQL refuses (NUL: 22021, a lone
 * surrogate: 22P02, dates beyond its range: 22008) while the other fields stay valid,
 * signed in as an owner of a workspace (as admin on admin routes). No answer may be 5xx.
 */
const BAD_STRINGS = ['a\u0000b', '\u0000', 'x\ud800y', '\udc00', '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '99999-12-31']
/** The same, as they can travel in a URL (a lone surrogate has no UTF-8 form; CESU-8 bytes or a stray byte instead). */
const BAD_URL_PARTS = ['a%00b', '%00', '%ED%A0%80', '%F0', '+275760-09-13T00:00:00.000Z', '99999-12-31']

/** Plausible values by field name, where a schema's pattern or refinement wants more than any string. */
const FIXTURES: Record<string, () => unknown> = {
  email: () => uniqueEmail('prop'),
  newEmail: () => uniqueEmail('prop'),
  identifier: () => uniqueEmail('prop'),
  password: () => 'Secret123',
  currentPassword: () => 'Secret123',
  newPassword: () => 'Secret456',
  phone: () => '+77011234567',
  code: () => '123456',
  bin: () => VALID_BIN,
  name: () => 'Prop test',
  role: () => 'member',
  locale: () => 'ru',
  from: () => '2025-01-01T00:00:00.000Z',
  to: () => '2025-12-31T00:00:00.000Z',
}

type TJson = Record<string, any>

/** A valid-looking value for a JSON schema (the contract's zod schema, as input). */
function sample(js: TJson, key = ''): unknown {
  if (js.const !== undefined) return js.const
  if (js.enum) return js.enum[0]
  if (key in FIXTURES) return FIXTURES[key]!()
  const alt = js.anyOf ?? js.oneOf
  if (alt) return sample(alt.find((a: TJson) => a.type !== 'null') ?? alt[0], key)
  if (js.allOf) return sample(js.allOf[0], key)
  const type = Array.isArray(js.type) ? js.type.find((t: string) => t !== 'null') : js.type
  switch (type) {
    case 'object': {
      const out: TJson = {}
      for (const [k, v] of Object.entries<TJson>(js.properties ?? {})) out[k] = sample(v, k)
      return out
    }
    case 'array':
      return js.items ? Array.from({ length: Math.max(1, js.minItems ?? 1) }, () => sample(js.items, key)) : []
    case 'integer':
    case 'number':
      return js.minimum ?? js.exclusiveMinimum ?? 1
    case 'boolean':
      return true
    case 'string':
      if (js.format === 'email') return uniqueEmail('prop')
      if (js.format === 'uuid') return randomUUID()
      if (js.format === 'date-time') return new Date().toISOString()
      if (js.format === 'date') return '2025-01-01'
      return 'v'.repeat(Math.max(js.minLength ?? 1, 8)).slice(0, js.maxLength ?? 64)
    default:
      return 'value'
  }
}

function jsonSchema(schema: z.ZodType | undefined): TJson | undefined {
  return schema ? (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as TJson) : undefined
}

/** Paths of every string leaf in a sampled value (array items too). */
function stringPaths(v: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof v === 'string') return [path]
  if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, [...path, i]))
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...path, k]))
  return []
}

function setAt(v: unknown, path: Array<string | number>, value: unknown): unknown {
  const copy = structuredClone(v) as TJson
  let cur: TJson = copy
  for (const p of path.slice(0, -1)) cur = cur[p as string]
  cur[path.at(-1) as string] = value
  return copy
}

/** The smallest valid-looking object: required properties plus the one under test. */
function minimal(js: TJson, full: TJson, keep: string): TJson {
  const out: TJson = {}
  for (const k of [...(js.required ?? []), keep]) if (k in full) out[k] = full[k]
  return out
}

let db: Awaited<ReturnType<typeof createTestDatabase>>
let app: { url: string; close: () => Promise<void> }
let routes: Array<{ file: string; route: string; method: string }>
let ids: Record<string, string>
let owner: { email: string; password: string }

beforeAll(async () => {
  db = await createTestDatabase('inputsafety')
  Object.assign(process.env, { DATABASE_URL: db.url, REDIS_PREFIX: testRedisPrefix('inputsafety'), REGION: 'kz', TRUST_PROXY: '1', NODE_ENV: 'test', LOG_LEVEL: 'silent' })
  resetConfigForTests()
  const h = await import('../helpers/h3-app')
  routes = h.routeFiles('.')
  app = await h.listenApiApp(['.'])
  const u = await activeUser(app.url)
  owner = u
  const ws = await call(app.url, 'POST', '/api/workspace', { token: u.accessToken, body: { name: 'Prop LLP', bin: VALID_BIN } })
  const group = await call(app.url, 'POST', `/api/workspace/${ws.body.id}/groups`, { token: u.accessToken, body: { name: 'Legal' } })
  const invite = await call(app.url, 'POST', `/api/workspace/${ws.body.id}/invites`, { token: u.accessToken, body: { email: uniqueEmail('inv'), role: 'member' } })
  const token = await call(app.url, 'POST', '/api/auth/tokens', { token: u.accessToken, body: { name: 'prop' } })
  ids = {
    id: ws.body.id,
    groupId: group.body.id,
    inviteId: invite.body.invite?.id ?? invite.body.id,
    token: invite.body.delivery?.devToken ?? 'x',
    userId: u.userId,
    module: 'chat',
  }
  if (token.status === 201 || token.status === 200) ids.tokenId = token.body.id
}, 120_000)

afterAll(async () => {
  await app?.close()
  const { closeRedis } = await import('../../server/lib/redis')
  const { closeDb } = await import('../../server/lib/db')
  await closeRedis()
  await closeDb()
  await db?.drop()
})

async function tokenFor(access: string): Promise<string | undefined> {
  if (access === 'public') return undefined
  if (access === 'admin') {
    const { ensureDemoUsers } = await import('../../server/domains/auth')
    await ensureDemoUsers()
    const r = await call(app.url, 'POST', '/api/auth/login', { body: { email: 'admin@dogovor24.kz', password: 'Demo12345' }, ip: uniqueIp() })
    return r.body.accessToken
  }
  // A fresh sign-in per route: a variant that got through on an unprotected server may
  // have signed the owner out (logout, password change) and must not mask later routes.
  const r = await call(app.url, 'POST', '/api/auth/login', { body: { email: owner.email, password: owner.password }, ip: uniqueIp() })
  return r.body.accessToken
}

describe('input edge over every route', () => {
  it('answers no 5xx to NUL, lone surrogates and out-of-range dates in any string of any route', async () => {
    const fives: string[] = []
    let sent = 0
    for (const r of routes) {
      const key = `${r.method.toUpperCase()} ${r.route}`
      const contract = ((await import(pathToFileURL(r.file).href)) as { default: { contract: { access: string; body?: z.ZodType; query?: z.ZodType } } }).default.contract
      const token = await tokenFor(contract.access)
      const path = (over?: [string, string]) =>
        r.route.replace(/:(\w+)/g, (_m, n: string) => (over && over[0] === n ? over[1] : encodeURIComponent(ids[n === 'id' && r.route.includes('/tokens/') ? 'tokenId' : n] ?? randomUUID())))
      const bodyJs = jsonSchema(contract.body)
      const queryJs = jsonSchema(contract.query)
      const body = bodyJs ? (sample(bodyJs) as TJson) : undefined
      const query = queryJs ? (sample(queryJs) as TJson) : undefined
      const send = async (url: string, b: unknown, what: string) => {
        sent++
        const headers: Record<string, string> = { 'content-type': 'application/json', 'x-forwarded-for': uniqueIp() }
        if (token) headers.authorization = `Bearer ${token}`
        const res = await fetch(app.url + url, { method: r.method.toUpperCase(), headers, body: b === undefined ? undefined : JSON.stringify(b) })
        // A variant that got through may have changed the owner's password: follow it.
        if (key === 'POST /api/auth/password/change' && res.status === 200) owner.password = (b as TJson).newPassword
        if (res.status >= 500) fives.push(`${key} ${what} → ${res.status} ${(await res.text()).slice(0, 100)}`)
        else await res.arrayBuffer()
      }
      const qs = (q: TJson | undefined, raw?: [string, string]) => {
        const parts = Object.entries(q ?? {}).filter(([k]) => !raw || k !== raw[0]).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
        if (raw) parts.push(`${encodeURIComponent(raw[0])}=${raw[1]}`)
        return parts.length ? `?${parts.join('&')}` : ''
      }
      // Body strings: in the full sample and in a minimal one (an optional field that
      // fails its own check must not hide the others).
      if (body && typeof body === 'object') {
        for (const p of stringPaths(body)) {
          for (const bad of BAD_STRINGS) {
            await send(path() + qs(query), setAt(body, p, bad), `body.${p.join('.')}=${JSON.stringify(bad)}`)
            const small = minimal(bodyJs!, body, String(p[0]))
            if (stringPaths(small).some((q) => q.join('.') === p.join('.'))) await send(path() + qs(query), setAt(small, p, bad), `min body.${p.join('.')}=${JSON.stringify(bad)}`)
          }
        }
      }
      // Query strings: every declared query field, raw in the URL.
      for (const k of Object.keys(queryJs?.properties ?? {})) {
        for (const bad of BAD_URL_PARTS) await send(path() + qs(query, [k, bad]), body, `query.${k}=${bad}`)
      }
      // Path parameters.
      for (const m of r.route.matchAll(/:(\w+)/g)) {
        for (const bad of BAD_URL_PARTS) await send(path([m[1]!, bad]) + qs(query), body, `params.${m[1]}=${bad}`)
      }
    }
    console.log(`api-input-safety: ${routes.length} routes, ${sent} requests, ${fives.length} × 5xx`)
    expect(sent).toBeGreaterThan(500)
    expect(fives).toEqual([])
  }, 600_000)
})
