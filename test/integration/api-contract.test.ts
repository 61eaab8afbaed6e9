import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createConfig, lintFromString } from '@redocly/openapi-core'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { createApp, createRouter, toNodeListener } from 'h3'
import createClient from 'openapi-fetch'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { API_TYPES_FILE, buildApiDocument, renderApiTypes } from '../../scripts/lib/openapi-document'
import type { paths } from '../../shared/api-types'
import { resetConfigForTests } from '../../server/lib/config'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { activeUser, call, uniqueEmail, uniqueIp } from '../helpers/auth'
import { VALID_BIN } from '../helpers/workspace'

/**
 * The HTTP contract end to end: every route declares what it answers (success and
 * errors), the published document passes Redocly's recommended rules, the committed
 * client types match it, a generated client drives the main flow without a cast, and
 * real error answers match the published Error schema. Under NODE_ENV=test
 * defineApiRoute also checks every answer of every test against its schema.
 */
const ROOT = path.resolve(import.meta.dirname, '../..')

let db: Awaited<ReturnType<typeof createTestDatabase>>
let app: { url: string; close: () => Promise<void> }
let doc: Awaited<ReturnType<typeof buildApiDocument>>
let routes: Array<{ file: string; route: string; method: string }>

beforeAll(async () => {
  db = await createTestDatabase('contract')
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    REDIS_PREFIX: testRedisPrefix('contract'),
    REGION: 'kz',
    TRUST_PROXY: '1',
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
  })
  resetConfigForTests()
  const h = await import('../helpers/h3-app')
  routes = h.routeFiles('.')
  app = await h.listenApiApp(['.'])
  doc = await buildApiDocument()
})
afterAll(async () => {
  await app?.close()
  const { closeRedis } = await import('../../server/lib/redis')
  const { closeDb } = await import('../../server/lib/db')
  await closeRedis()
  await closeDb()
  await db?.drop()
})

async function mount(handler: Parameters<ReturnType<typeof createRouter>['get']>[1]) {
  const server = createServer(toNodeListener(createApp().use(createRouter().get('/probe', handler))))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/probe`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

describe('route contracts', () => {
  it('every route declares its response schema and its error statuses', async () => {
    const missing: string[] = []
    for (const r of routes) {
      const mod: { default: { contract?: { response?: unknown; errors?: unknown } } } = await import(pathToFileURL(r.file).href)
      const c = mod.default.contract
      if (!(c?.response instanceof z.ZodType) || !Array.isArray(c.errors)) missing.push(`${r.method.toUpperCase()} ${r.route}`)
    }
    expect(missing).toEqual([])
    expect(doc.missing).toEqual([])
  })

  it('documents each declared error with the Error schema, and public operations need no token', () => {
    const plain = JSON.parse(JSON.stringify(doc.document))
    const login = plain.paths['/api/auth/login'].post
    expect(login.security).toEqual([])
    expect(Object.keys(login.responses).sort()).toEqual(['200', '400', '401', '403', '413', '415', '429'])
    const block = plain.paths['/api/admin/users/{id}/block'].post
    expect(block.security).toEqual([{ bearer: [] }])
    expect(block.responses).toMatchObject({
      '404': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      '409': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    })
  })

  it("passes Redocly's recommended ruleset with no error", async () => {
    const config = await createConfig({ extends: ['recommended'] })
    const lint = (document: object) => lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config })
    const problems = await lint(doc.document)
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)
    expect(errors).toEqual([])
    // Health probes take no input and answer no 4xx; every other warning is a defect.
    const warnings = problems
      .filter((p) => p.severity === 'warn')
      .filter((p) => !(p.ruleId === 'operation-4xx-response' && /ping\/get/.test(p.location[0]?.pointer ?? '')))
      .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)
    expect(warnings).toEqual([])
    // The linter does see real defects (so the zero above means something).
    const broken = JSON.parse(JSON.stringify(doc.document))
    broken.paths['/api/auth/login'].post.operationId = broken.paths['/api/auth/register'].post.operationId
    expect((await lint(broken)).some((p) => p.severity === 'error')).toBe(true)
  })

  it('date fields declare format date-time', () => {
    const plain = JSON.parse(JSON.stringify(doc.document))
    const props = plain.paths['/api/auth/user'].get.responses['200'].content['application/json'].schema.properties
    expect(props.createdAt).toMatchObject({ type: 'string', format: 'date-time' })
  })

  it(`${API_TYPES_FILE} is what npm run openapi:types generates from the current contracts`, async () => {
    const committed = readFileSync(path.join(ROOT, API_TYPES_FILE), 'utf8')
    expect(committed === (await renderApiTypes(doc.document)), `stale: run npm run openapi:types`).toBe(true)
  })
})

describe('typed client from /openapi.json', () => {
  it('register → verify → login → workspace → API token → /api/auth/user, typed end to end', async () => {
    const ip = uniqueIp()
    const client = createClient<paths>({ baseUrl: app.url, headers: { 'x-forwarded-for': ip } })
    const email = uniqueEmail('typed')
    const password = 'Secret-Otter-123'

    const reg = await client.POST('/api/auth/register', { body: { acceptTerms: true, email, password } })
    if (!reg.data) throw new Error(`register: ${reg.response.status} ${JSON.stringify(reg.error)}`)
    expect(reg.response.status).toBe(201)
    // Outside production the answer carries the verification secret.
    const devToken = reg.data.verification.devToken
    if (!devToken) throw new Error('no devToken outside production')

    const ver = await client.POST('/api/auth/verify', { body: { token: devToken } })
    expect(ver.data?.user.status).toBe('active')

    const login = await client.POST('/api/auth/login', { body: { email, password } })
    if (!login.data) throw new Error(`login: ${login.response.status} ${JSON.stringify(login.error)}`)
    const session = { authorization: `Bearer ${login.data.accessToken}` }

    const ws = await client.POST('/api/workspace', { body: { name: 'Typed LLP', bin: VALID_BIN }, headers: session })
    if (!ws.data) throw new Error(`workspace: ${ws.response.status} ${JSON.stringify(ws.error)}`)
    expect(ws.data.role).toBe('owner')

    const created = await client.POST('/api/auth/tokens', { body: { name: 'ci' }, headers: session })
    if (!created.data) throw new Error(`token: ${created.response.status} ${JSON.stringify(created.error)}`)
    expect(created.data.token.startsWith('d24_')).toBe(true)

    const me = await client.GET('/api/auth/user', { headers: { authorization: `Bearer ${created.data.token}` } })
    expect(me.data?.id).toBe(reg.data.user.id)
    expect(me.data?.email).toBe(email)

    const refused = await client.GET('/api/auth/user')
    expect(refused.response.status).toBe(401)
    expect(refused.error?.error.code).toBe('UNAUTHENTICATED')
  })
})

describe('the Error schema is what errors carry', () => {
  it('real 400, 401, 403, 404, 409 and 429 answers validate against the published Error schema', async () => {
    const ajv = new Ajv2020({ strict: false })
    addFormats.default(ajv)
    const validate = ajv.compile(doc.document.components.schemas.Error)
    const user = await activeUser(app.url)
    const answers = [
      await call(app.url, 'POST', '/api/auth/register', { body: { acceptTerms: true, email: 'not-an-email', password: 'x' }, ip: uniqueIp() }),
      await call(app.url, 'GET', '/api/auth/user', { token: 'expired-or-forged' }),
      await call(app.url, 'GET', '/api/admin/users', { token: user.accessToken }),
      await call(app.url, 'DELETE', '/api/auth/sessions/00000000-0000-4000-8000-000000000000', { token: user.accessToken }),
      await call(app.url, 'POST', '/api/auth/register', { body: { acceptTerms: true, email: user.email, password: 'Secret-Otter-123' }, ip: uniqueIp() }),
    ]
    const pending = uniqueEmail('limit')
    await call(app.url, 'POST', '/api/auth/register', { body: { acceptTerms: true, email: pending, password: 'Secret-Otter-123' }, ip: uniqueIp() })
    let limited = await call(app.url, 'POST', '/api/auth/verify/resend', { body: { email: pending }, ip: uniqueIp() })
    for (let i = 0; i < 5 && limited.status !== 429; i++) {
      limited = await call(app.url, 'POST', '/api/auth/verify/resend', { body: { email: pending }, ip: uniqueIp() })
    }
    answers.push(limited)
    expect(answers.map((a) => a.status)).toEqual([400, 401, 403, 404, 409, 429])
    for (const a of answers) {
      expect(validate(a.body), `${a.status} ${JSON.stringify(a.body)} ${ajv.errorsText(validate.errors)}`).toBe(true)
    }
    expect(answers[0]!.body.error.fields[0]).toMatchObject({ path: expect.stringMatching(/^body\./), code: expect.any(String) })
    expect(answers[1]!.body.error.params).toEqual({ reason: 'invalid_token' })
  })
})

describe('defineApiRoute holds routes to their contract (NODE_ENV=test)', () => {
  it('an answer that does not match the declared response is a 500, not a silent drift', async () => {
    const { defineApiRoute } = await import('../../server/http')
    const lying = defineApiRoute(
      { summary: 'lying probe', access: 'public', response: z.object({ at: z.iso.datetime() }), errors: [] },
      // A Date where the contract promises an ISO string: JSON would turn it into one, a schema drift would not.
      () => ({ at: 'yesterday' }),
    )
    const probe = await mount(lying)
    try {
      const res = await fetch(probe.url)
      expect(res.status).toBe(500)
    } finally {
      await probe.close()
    }
  })

  it('an error status the contract does not declare is a 500', async () => {
    const { defineApiRoute } = await import('../../server/http')
    const { AppError } = await import('../../server/lib/errors')
    const mk = (errors: Array<404 | 409>) =>
      defineApiRoute({ summary: 'not-found probe', access: 'public', response: z.object({}), errors }, () => {
        throw AppError.notFound('Thing')
      })
    const undeclared = await mount(mk([409]))
    const declared = await mount(mk([404]))
    try {
      expect((await fetch(undeclared.url)).status).toBe(500)
      expect((await fetch(declared.url)).status).toBe(404)
    } finally {
      await undeclared.close()
      await declared.close()
    }
  })
})

describe('the guard runs once', () => {
  it('an admin route gets the caller from the guard and looks the session up once', async () => {
    const { useDb } = await import('../../server/lib/db')
    const { usePgPool } = await import('../../server/lib/pg')
    const admin = await activeUser(app.url)
    await useDb().user.update({ where: { id: admin.userId }, data: { roles: ['user', 'admin'] } })
    const target = await activeUser(app.url)
    const spy = vi.spyOn(usePgPool(), 'query')
    try {
      const res = await call(app.url, 'POST', `/api/admin/users/${target.userId}/block`, { token: admin.accessToken })
      expect(res.status).toBe(200)
      expect(res.body.status).toBe('blocked')
      // The session lookup is one named prepared statement (server/domains/auth/authenticate.ts).
      const lookups = spy.mock.calls.map((c) => JSON.stringify(c[0] ?? null)).filter((q) => q.includes('"name":"auth_session_user"'))
      expect(lookups).toHaveLength(1)
    } finally {
      spy.mockRestore()
    }
  })

  it('the handler receives the resolved caller as input.auth', async () => {
    const { defineApiRoute } = await import('../../server/http')
    const admin = await activeUser(app.url)
    const seen: Array<string | null> = []
    const route = defineApiRoute(
      { summary: 'auth probe', access: 'user', response: z.object({ id: z.string() }), errors: [] },
      (_event, { auth }) => {
        seen.push(auth.user.id)
        return { id: auth.user.id }
      },
    )
    const probe = await mount(route)
    try {
      const res = await fetch(probe.url, { headers: { authorization: `Bearer ${admin.accessToken}` } })
      expect(res.status).toBe(200)
      expect(seen).toEqual([admin.userId])
    } finally {
      await probe.close()
    }
  })
})
