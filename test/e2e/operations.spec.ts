import { randomUUID } from 'node:crypto'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeSentry, type TFakeSentry } from '../fakes/sentry'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { startBuiltServer, type TBuiltServer } from '../helpers/server'

/**
 * What an operator gets from the production build: /metrics for Prometheus (per-route
 * latency, event pipeline, realtime connections) behind METRICS_TOKEN, and server
 * errors in Sentry (a fake that speaks the envelope protocol) when SENTRY_DSN is set.
 */
const TOKEN = 'e2e-metrics-token-0123456789abcdef'
let db: Awaited<ReturnType<typeof createTestDatabase>>
let sentry: TFakeSentry
let web: TBuiltServer
let broken: TBuiltServer

beforeAll(async () => {
  db = await createTestDatabase('operations')
  sentry = await startFakeSentry()
  web = await startBuiltServer({ env: { DATABASE_URL: db.url, REDIS_PREFIX: testRedisPrefix('ops'), METRICS_TOKEN: TOKEN, SENTRY_DSN: '' } })
  // A database that does not exist: every query fails, as in an outage.
  broken = await startBuiltServer({
    env: {
      DATABASE_URL: `${db.url}_missing`,
      REDIS_PREFIX: testRedisPrefix('ops-broken'),
      SENTRY_DSN: sentry.dsn,
      SENTRY_ENVIRONMENT: 'e2e',
      METRICS_TOKEN: '',
    },
  })
})

afterAll(async () => {
  await web?.stop()
  await broken?.stop()
  await sentry?.stop()
  await db?.drop()
})

const metrics = (server: TBuiltServer, token?: string) =>
  fetch(`${server.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {})

describe('GET /metrics', () => {
  it('is refused without the token, and with a wrong one', async () => {
    const none = await metrics(web)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect((await metrics(web, 'not-the-token-not-the-token')).status).toBe(401)
  })

  it('is off (404) in production when no METRICS_TOKEN is configured', async () => {
    expect((await metrics(broken)).status).toBe(404)
    expect((await metrics(broken, TOKEN)).status).toBe(404)
  })

  it('labels request latency with the route pattern, not the URL', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()]
    for (const id of ids) expect((await fetch(`${web.url}/api/workspace/${id}`)).status).toBe(401)
    expect((await fetch(`${web.url}/api/bench/ping`)).status).toBe(200)
    expect((await fetch(`${web.url}/api/no/such/route`)).status).toBe(404)
    const res = await metrics(web, TOKEN)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    const text = await res.text()
    expect(text).toMatch(/^d24_http_request_duration_seconds_count\{method="GET",route="\/api\/workspace\/:id",status="401"\} 3$/m)
    expect(text).toMatch(/^d24_http_request_duration_seconds_count\{method="GET",route="\/api\/bench\/ping",status="200"\} 1$/m)
    expect(text).toMatch(/^d24_http_request_duration_seconds_count\{method="GET",route="\/api\/\*\*",status="404"\} 1$/m)
    for (const id of ids) expect(text).not.toContain(id)
    expect(text).not.toContain('/no/such/route')
  })

  it('reports the event pipeline and process figures', async () => {
    const text = await (await metrics(web, TOKEN)).text()
    expect(text).toMatch(/^d24_event_outbox_backlog 0$/m)
    expect(text).toMatch(/^d24_event_outbox_lag_seconds 0$/m)
    expect(text).toMatch(/^d24_queue_jobs\{queue="notification",state="waiting"\} 0$/m)
    expect(text).toMatch(/^d24_queue_dead_jobs\{queue="jobs"\} 0$/m)
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m)
  })

  it('counts open realtime connections', async () => {
    const count = async () => Number(/^d24_realtime_connections (\d+)$/m.exec(await (await metrics(web, TOKEN)).text())?.[1])
    const ws = new WebSocket(`${web.url.replace('http', 'ws')}/app/dogovor24-key?protocol=7`)
    await new Promise<void>((resolve, reject) => {
      ws.once('message', () => resolve())
      ws.once('error', reject)
    })
    await expect.poll(count, { timeout: 10_000, interval: 100 }).toBe(1)
    ws.close()
    await expect.poll(count, { timeout: 10_000, interval: 100 }).toBe(0)
  })
})

describe('server errors in Sentry', () => {
  it('an unhandled error in a route sends an envelope with the exception', async () => {
    const res = await fetch(`${broken.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'someone@example.com', password: 'a-long-enough-password' }),
    })
    expect(res.status).toBe(500)
    const body = (await res.json()) as { error: { code: string } }
    expect(body.error.code).toBe('INTERNAL')
    await expect.poll(() => sentry.events().length, { timeout: 15_000, interval: 100 }).toBeGreaterThan(0)
    const event = sentry.events()[0]!
    expect(event.exception?.values.at(-1)?.value).toMatch(/database|does not exist/i)
    expect(event.tags).toMatchObject({ process: 'web', region: 'kz', route: '/api/auth/login', method: 'POST' })
    expect(event.environment).toBe('e2e')
    expect(sentry.refused).toBe(0)
  })

  it('a person’s mistake (4xx) is not reported', async () => {
    const before = sentry.events().length
    const bad = await fetch(`${broken.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(bad.status).toBe(400)
    // A 500 after it: once its event is in, an event for the 400 would have been sent too.
    const failing = await fetch(`${broken.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'other@example.com', password: 'a-long-enough-password' }),
    })
    expect(failing.status).toBe(500)
    await expect.poll(() => sentry.events().length, { timeout: 15_000, interval: 100 }).toBeGreaterThan(before)
    for (const e of sentry.events()) expect(e.exception?.values.at(-1)?.value).toMatch(/database|does not exist/i)
  })
})
