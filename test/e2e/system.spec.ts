import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import PusherServer from 'pusher'
import Pusher from 'pusher-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startS3Server, type TS3Server } from '../../scripts/lib/s3-server'
import { DOMAINS } from '../../shared/domains'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { routeFiles } from '../helpers/h3-app'
import { startBuiltServer, TEST_PUSHER_SECRET, type TBuiltServer } from '../helpers/server'
import { embeddedSocket } from '../helpers/pusher-clients'

/**
 * The whole system as `npm run up` runs it: the built web server, the worker
 * sidecar (in this process), a local S3 server, PostgreSQL and Redis. Checks the
 * platform contract: health, per-domain pings, JSON errors, the OpenAPI document
 * covering every route, and realtime through the built server.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>
let s3: TS3Server
let s3dir: string
let web: TBuiltServer
let worker: { stop: () => Promise<void> } | undefined
const prefix = testRedisPrefix('system')

async function startWorkerHere() {
  const { startWorker } = await import('../../server/workers/worker')
  return startWorker({ databaseUrl: db.url, prefix, schedule: false })
}

beforeAll(async () => {
  db = await createTestDatabase('system')
  process.env.DATABASE_URL = db.url
  process.env.REDIS_PREFIX = prefix
  s3dir = mkdtempSync(path.join(tmpdir(), 'd24-s3-'))
  s3 = await startS3Server({ port: 0, dir: s3dir, buckets: ['dogovor24'] })
  worker = await startWorkerHere()
  web = await startBuiltServer({ env: { DATABASE_URL: db.url, REDIS_PREFIX: prefix, S3_ENDPOINT: s3.endpoint } })
})

afterAll(async () => {
  await web?.stop()
  await worker?.stop()
  await s3?.stop()
  rmSync(s3dir, { recursive: true, force: true })
  const { closeDb } = await import('../../server/lib/db')
  await closeDb()
  await db?.drop()
})

async function json(url: string, init?: RequestInit) {
  const res = await fetch(web.url + url, init)
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as any }
}

describe('system (built server + worker + S3)', () => {
  it('GET /ping is 200 with database, Redis, storage and worker all ok', async () => {
    const r = await json('/ping')
    expect(r.body).toEqual({ status: 'ok', checks: { db: 'ok', redis: 'ok', storage: 'ok', worker: 'ok' }, down: [] })
    expect(r.status).toBe(200)
  })

  it('each of the sixteen domains answers its own ping', async () => {
    for (const d of DOMAINS) {
      const r = await json(`/api/${d}/ping`)
      expect(r.status, d).toBe(200)
      expect(r.body).toMatchObject({ domain: d, status: 'ok', db: 'ok' })
    }
  })

  it('unknown /api routes are a JSON 404, even for a browser asking for HTML', async () => {
    const r = await json('/api/no/such/route', { headers: { accept: 'text/html' } })
    expect(r.status).toBe(404)
    expect(r.type).toContain('application/json')
    expect(r.body.error.code).toBe('NOT_FOUND')
  })

  it('bad input answers 400 with the failing field paths and no stack trace', async () => {
    const r = await json('/api/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not-an-email', password: 'x' }),
    })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('VALIDATION')
    const paths = r.body.error.fields.map((f: { path: string }) => f.path)
    expect(paths).toEqual(expect.arrayContaining(['body.email']))
    const broken = await fetch(web.url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' })
    const text = await broken.text()
    expect(broken.status).toBe(400)
    expect(text).not.toMatch(/at .+\.(m?js|ts):\d+/)
  })

  it('publishes an OpenAPI document with every /api route, each generated from its contract', async () => {
    const r = await json('/openapi.json')
    expect(r.body.openapi).toBe('3.1.0')
    expect(r.body['x-routes-without-contract']).toEqual([])
    const missing: string[] = []
    for (const f of routeFiles('.')) {
      const p = f.route.replace(/:(\w+)/g, '{$1}')
      if (!r.body.paths[p]?.[f.method]) missing.push(`${f.method.toUpperCase()} ${p}`)
    }
    expect(missing).toEqual([])
    const register = r.body.paths['/api/auth/register'].post
    expect(register.requestBody.content['application/json'].schema.type).toBe('object')
    // Same builder as the document test/integration/api-contract.test.ts lints; served with this server's URL.
    expect(r.body.servers).toEqual([{ url: web.url }])
    expect(r.body.paths['/api/auth/login'].post.security).toEqual([])
    const docs = await fetch(web.url + '/api-docs')
    expect(docs.headers.get('content-type')).toContain('text/html')
  })

  it('realtime: pusher-js receives what the official pusher client publishes through the built server', async () => {
    const server = new PusherServer({ appId: 'dogovor24', key: 'dogovor24-key', secret: TEST_PUSHER_SECRET, host: '127.0.0.1', port: String(web.port) })
    const client = new Pusher('dogovor24-key', embeddedSocket(web.port))
    try {
      const channel = client.subscribe('system-test')
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no subscription_succeeded')), 5000)
        channel.bind('pusher:subscription_succeeded', () => (clearTimeout(t), resolve()))
      })
      const got = new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('event not received')), 5000)
        channel.bind('hello', (data: unknown) => (clearTimeout(t), resolve(data)))
      })
      await server.trigger('system-test', 'hello', { n: 42 })
      expect(await got).toEqual({ n: 42 })
    } finally {
      client.disconnect()
    }
  })

  it('realtime through the built server: channel information answers JSON, a frame above the limit closes the socket', async () => {
    const server = new PusherServer({ appId: 'dogovor24', key: 'dogovor24-key', secret: TEST_PUSHER_SECRET, host: '127.0.0.1', port: String(web.port) })
    const res = await server.get({ path: '/channels', params: { filter_by_prefix: 'system-' } })
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(await res.json()).toEqual({ channels: {} })

    // The Nitro plugin hands the frame limit to the ws server (its own default is 100 MiB).
    const ws = new WebSocket(`ws://127.0.0.1:${web.port}/app/dogovor24-key?protocol=7`)
    ws.on('error', () => undefined)
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)))
    await new Promise((r) => ws.once('message', r))
    ws.send(JSON.stringify({ event: 'client-big', channel: 'private-x', data: 'a'.repeat(1024 * 1024) }))
    expect(await Promise.race([closed, new Promise((r) => setTimeout(() => r('still open'), 10_000))])).toBe(1009)
  })

  it('GET /ping answers 503 naming storage when the S3 server stops, and the worker when it stops', async () => {
    await s3.stop()
    const noStorage = await json('/ping')
    expect(noStorage.status).toBe(503)
    expect(noStorage.body.down).toEqual(['storage'])
    await worker!.stop()
    worker = undefined
    const noWorker = await json('/ping')
    expect(noWorker.status).toBe(503)
    expect(noWorker.body.down).toEqual(['storage', 'worker'])
    const self = await json('/ping?scope=self')
    expect(self.status).toBe(200)
  })
})

describe('the built server with bad configuration', () => {
  it('stops at start with exit code 78, naming every bad variable', async () => {
    const err = await startBuiltServer({ env: { DATABASE_URL: 'mysql://nope', REGION: 'uz' }, timeoutMs: 15_000 }).then(
      async (s) => {
        await s.stop()
        return null
      },
      (e: Error) => e,
    )
    expect(err?.message).toContain('exited with code 78')
    expect(err?.message).toContain('DATABASE_URL: must be a postgresql:// URL')
    expect(err?.message).toMatch(/REGION:/)
  })
})
