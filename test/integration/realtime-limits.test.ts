import { eventually } from '../helpers/eventually'
import { request } from 'node:http'
import PusherServer from 'pusher'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import type { TRealtimeApp } from '../../server/realtime/http'
import { createRealtimeApp } from '../../server/realtime/instance'
import { testRedisPrefix } from '../helpers/db'
import { routesFor, startRealtimeServer } from '../helpers/realtime-server'

// What keeps one client from hurting everyone: frame size, subscriptions per socket,
// sockets per IP, and an events API that refuses oversize, unsigned, replayed or
// reserved requests before doing any work for them.
const APP_ID = 'lim-app'
const KEY = 'lim-key'
const SECRET = 'lim-secret-0123456789'
const LIMITS = { maxMessageBytes: 16 * 1024, maxSubscriptionsPerConnection: 3, maxConnectionsPerIp: 4 }

type TServer = Awaited<ReturnType<typeof startRealtimeServer>>
let a: TServer
let b: TServer
let hubA: TRealtimeApp
let hubB: TRealtimeApp
const sockets: WebSocket[] = []

beforeAll(async () => {
  const prefix = testRedisPrefix('rtlimits')
  hubA = await createRealtimeApp({ prefix, appId: APP_ID, key: KEY, secret: SECRET, limits: LIMITS })
  hubB = await createRealtimeApp({ prefix, appId: APP_ID, key: KEY, secret: SECRET, limits: LIMITS })
  a = await startRealtimeServer(routesFor(hubA), { maxMessageBytes: LIMITS.maxMessageBytes })
  b = await startRealtimeServer(routesFor(hubB), { maxMessageBytes: LIMITS.maxMessageBytes })
})

afterAll(async () => {
  for (const s of sockets) s.terminate()
  await a?.close()
  await b?.close()
  await hubA?.hub.close()
  await hubB?.hub.close()
})

interface TRawSocket {
  ws: WebSocket
  frames: { event: string; channel?: string; data: string }[]
  closed: Promise<number>
}

async function raw(port: number): Promise<TRawSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/app/${KEY}?protocol=7&client=js&version=8`)
  sockets.push(ws)
  const frames: TRawSocket['frames'] = []
  ws.on('message', (m) => frames.push(JSON.parse(String(m))))
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)))
  ws.on('error', () => undefined)
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)))
  return { ws, frames, closed }
}

const errorOf = (f: { data: string }) => JSON.parse(f.data) as { code: number | null; message: string }

describe('websocket limits', () => {
  it('closes a socket that sends a frame above the message limit (1009) instead of buffering it', async () => {
    const s = await raw(a.port)
    await eventually(() => expect(s.frames[0]?.event).toBe('pusher:connection_established'))
    s.ws.send(JSON.stringify({ event: 'client-big', channel: 'private-x', data: 'a'.repeat(200 * 1024) }))
    expect(await s.closed).toBe(1009)
  })

  it('refuses subscriptions beyond the cap per socket with a channel-scoped LimitReached error', async () => {
    const s = await raw(a.port)
    for (const ch of ['c1', 'c2', 'c3', 'c4']) s.ws.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: ch } }))
    await eventually(() => expect(s.frames.filter((f) => f.event !== 'pusher:connection_established')).toHaveLength(4))
    const ok = s.frames.filter((f) => f.event === 'pusher_internal:subscription_succeeded').map((f) => f.channel)
    expect(ok).toEqual(['c1', 'c2', 'c3'])
    const refused = s.frames.find((f) => f.event === 'pusher:subscription_error')!
    expect(refused.channel).toBe('c4')
    expect(JSON.parse(refused.data)).toMatchObject({ type: 'LimitReached', status: 429 })
    // Leaving a channel frees a place.
    s.ws.send(JSON.stringify({ event: 'pusher:unsubscribe', data: { channel: 'c1' } }))
    s.ws.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: 'c4' } }))
    await eventually(() => expect(s.frames.filter((f) => f.event === 'pusher_internal:subscription_succeeded').map((f) => f.channel)).toContain('c4'))
    s.ws.close()
  })

  it('caps sockets per client IP: the next one gets pusher:error 4100 and close 4100; a freed place is usable again', async () => {
    const open: TRawSocket[] = []
    for (let i = 0; i < LIMITS.maxConnectionsPerIp; i++) open.push(await raw(b.port))
    for (const s of open) await eventually(() => expect(s.frames[0]?.event).toBe('pusher:connection_established'))
    const extra = await raw(b.port)
    expect(await extra.closed).toBe(4100)
    expect(extra.frames[0]?.event).toBe('pusher:error')
    expect(errorOf(extra.frames[0]!).code).toBe(4100)

    open[0]!.ws.close()
    await open[0]!.closed
    await eventually(async () => {
      const again = await raw(b.port)
      await eventually(() => expect(again.frames[0]?.event).toBeDefined())
      expect(again.frames[0]?.event).toBe('pusher:connection_established')
    })
    for (const s of open) s.ws.close()
  })
})

/** Sends a POST whose body may stay unfinished; resolves with the status as soon as the server answers. */
function postPartially(port: number, path: string, headers: Record<string, string | number>, sent: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
      req.destroy()
    })
    req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)))
    req.write(sent)
    // Never end(): a server that waits for the whole body never answers.
  })
}

describe('events API hardening', () => {
  const path = `/apps/${APP_ID}/events`
  const signer = () => new PusherServer({ appId: APP_ID, key: KEY, secret: SECRET, host: '127.0.0.1', port: String(a.port) })
  const post = (port: number, query: string, body: string) =>
    fetch(`http://127.0.0.1:${port}${path}?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })

  it('answers 413 from Content-Length without reading the body', async () => {
    const status = await Promise.race([
      postPartially(a.port, `${path}?auth_key=${KEY}`, { 'content-type': 'application/json', 'content-length': 50 * 1024 * 1024 }, '{"name":'),
      new Promise<number>((r) => setTimeout(() => r(-1), 5000)),
    ])
    expect(status).toBe(413)
  })

  it('answers 401 to a wrongly signed request without waiting for its body', async () => {
    const body = JSON.stringify({ name: 'x', data: '{}', channel: 'news' })
    const forged = new PusherServer({ appId: APP_ID, key: KEY, secret: 'not-the-secret-0000', host: '127.0.0.1', port: '1' })
    const query = forged.createSignedQueryString({ method: 'POST', path, body })
    const status = await Promise.race([
      postPartially(a.port, `${path}?${query}`, { 'content-type': 'application/json', 'content-length': body.length }, body.slice(0, 5)),
      new Promise<number>((r) => setTimeout(() => r(-1), 5000)),
    ])
    expect(status).toBe(401)
  })

  it('refuses a replay of a signed request, also when it is replayed to another web process', async () => {
    const body = JSON.stringify({ name: 'replayed', data: '{}', channel: 'news' })
    const query = signer().createSignedQueryString({ method: 'POST', path, body })
    expect((await post(a.port, query, body)).status).toBe(200)
    const again = await post(a.port, query, body)
    expect(again.status).toBe(401)
    expect((await again.json()).error.message).toMatch(/replay/i)
    expect((await post(b.port, query, body)).status).toBe(401)
  })

  it('refuses reserved event names (pusher:*, pusher_internal:*) with 400', async () => {
    await expect(signer().trigger('news', 'pusher_internal:member_added', { user_id: 'x' })).rejects.toMatchObject({ status: 400 })
    await expect(signer().trigger('news', 'pusher:error', {})).rejects.toMatchObject({ status: 400 })
    await expect(signer().triggerBatch([{ channel: 'news', name: 'pusher_internal:subscription_succeeded', data: {} }])).rejects.toMatchObject({ status: 400 })
  })

  it('answers 413 for event data above 10 KB, as Pusher does', async () => {
    await expect(signer().trigger('news', 'big', 'a'.repeat(10 * 1024 + 1))).rejects.toMatchObject({ status: 413 })
  })
})
