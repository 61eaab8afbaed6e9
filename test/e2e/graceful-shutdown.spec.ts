import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { eventually } from '../helpers/eventually'
import { startBuiltServer, type TBuiltServer } from '../helpers/server'

/**
 * SIGTERM to the built web server (a rolling deploy, a scale-down): it must leave the
 * balancer (/ping 503 while draining), send its websockets elsewhere (Pusher 4200),
 * stop taking connections, finish what is in flight and exit 0.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>
let web: TBuiltServer

beforeAll(async () => {
  db = await createTestDatabase('shutdown')
  web = await startBuiltServer({
    env: { DATABASE_URL: db.url, REDIS_PREFIX: testRedisPrefix('shutdown'), SMTP_URL: '', SHUTDOWN_DRAIN_MS: '2500' },
  })
})
afterAll(async () => {
  await web?.stop()
  await db?.drop()
})

/** A POST whose body is sent only when asked: in flight on the server from `accepted` until finish(). */
function slowRequest(base: string, path: string, body: string) {
  const u = new URL(path, base)
  let onContinue!: () => void
  const accepted = new Promise<void>((r) => (onContinue = r))
  let req!: ReturnType<typeof request>
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        // 100-continue: the server has parsed our headers (the request is in flight) when 'continue' arrives.
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
      },
      (res) => {
        let text = ''
        res.on('data', (d: Buffer) => (text += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      },
    )
    req.on('error', reject)
    req.on('continue', onContinue)
    req.flushHeaders()
  })
  return { accepted, response, finish: () => void req.end(body) }
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) })
    return false
  } catch (e) {
    return (e as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED'
  }
}

describe('SIGTERM', () => {
  it('drains: /ping 503, websockets 4200, new connections refused, in-flight finishes 2xx, exit 0', async () => {
    const ws = new WebSocket(`${web.url.replace('http', 'ws')}/app/dogovor24-key?protocol=7`)
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)))
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (m) => (String(m).includes('pusher:connection_established') ? resolve() : undefined))
      ws.on('error', reject)
    })

    const slow = slowRequest(web.url, '/api/auth/password/forgot', JSON.stringify({ email: 'nobody@example.kz' }))
    await slow.accepted
    let exitedEarly = false
    void web.exited.then(() => (exitedEarly = true))

    web.signal('SIGTERM')

    // Draining: still answering, but out of rotation.
    const ping = await eventually(async () => {
      const r = await fetch(`${web.url}/ping`)
      expect(r.status).toBe(503)
      const body = (await r.json()) as { status: string }
      expect(body.status).toBe('draining')
      return body
    })
    expect(ping.status).toBe('draining')
    expect(await closed).toBe(4200)

    // Then the listener closes while the slow request is still in flight.
    await eventually(async () => expect(await refused(`${web.url}/ping?scope=self`)).toBe(true))
    expect(exitedEarly).toBe(false)

    slow.finish()
    const r = await slow.response
    expect(r.status).toBe(202)
    expect(JSON.parse(r.body)).toEqual({ ok: true })
    expect(await web.exited).toBe(0)
  }, 60_000)
})
