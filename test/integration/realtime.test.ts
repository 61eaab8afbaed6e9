import { eventually } from '../helpers/eventually'
import { embeddedSocket } from '../helpers/pusher-clients'
import PusherServer from 'pusher'
import Pusher, { type Channel, type PresenceChannel } from 'pusher-js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { resetConfigForTests, useConfig } from '../../server/lib/config'
import authRoute from '../../server/api/realtime/auth.post'
import type { TRealtimeApp } from '../../server/realtime/http'
import { closeRealtimeApp, createRealtimeApp } from '../../server/realtime/instance'
import { createPusherClient } from '../../server/realtime/publish'
import { testRedisPrefix } from '../helpers/db'
import { routeFilesApp, routesFor, startRealtimeServer } from '../helpers/realtime-server'

const APP_ID = 'rt-app'
const KEY = 'rt-key'
const SECRET = 'rt-secret-0123456789'

type TServer = Awaited<ReturnType<typeof startRealtimeServer>>
// A: the real Nitro route files (process-wide hub from config). B: a second hub, like a second web process.
let a: TServer
let b: TServer
let hubB: TRealtimeApp
const clients: Pusher[] = []

function serverClient(port: number, secret = SECRET): PusherServer {
  return new PusherServer({ appId: APP_ID, key: KEY, secret, host: '127.0.0.1', port: String(port) })
}

function browser(port: number, auth: 'endpoint' | 'signed' | 'forged' = 'signed', user?: { id: string; name: string }): Pusher {
  const signer = serverClient(port)
  const client = new Pusher(KEY, {
    ...embeddedSocket(port),
    channelAuthorization:
      auth === 'endpoint'
        ? { endpoint: `http://127.0.0.1:${port}/api/realtime/auth`, transport: 'ajax' }
        : {
            endpoint: '',
            transport: 'ajax',
            customHandler: ({ socketId, channelName }, callback) => {
              if (auth === 'forged') return callback(null, { auth: `${KEY}:${'0'.repeat(64)}` })
              const presence = user ? { user_id: user.id, user_info: { name: user.name } } : undefined
              callback(null, signer.authorizeChannel(socketId, channelName, presence))
            },
          },
  })
  clients.push(client)
  return client
}

function once<T = unknown>(target: Channel | Pusher['connection'], event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), ms)
    target.bind(event, (data: T) => {
      clearTimeout(t)
      resolve(data)
    })
  })
}

async function subscribed(client: Pusher, name: string): Promise<Channel> {
  const ch = client.subscribe(name)
  await once(ch, 'pusher:subscription_succeeded')
  return ch
}

beforeAll(async () => {
  const prefix = testRedisPrefix('realtime')
  a = await startRealtimeServer({ ...routeFilesApp(), auth: authRoute })
  // Client events are off unless switched on (as in Pusher and Soketi); this file relays them.
  Object.assign(process.env, {
    PUSHER_APP_ID: APP_ID,
    PUSHER_KEY: KEY,
    PUSHER_SECRET: SECRET,
    REDIS_PREFIX: prefix,
    PORT: String(a.port),
    REALTIME_CLIENT_EVENTS: 'true',
  })
  delete process.env.PUSHER_HOST
  delete process.env.PUSHER_PORT
  resetConfigForTests()
  hubB = await createRealtimeApp({ prefix: useConfig().REDIS_PREFIX })
  b = await startRealtimeServer(routesFor(hubB))
})

afterAll(async () => {
  delete process.env.REALTIME_CLIENT_EVENTS
  for (const c of clients) c.disconnect()
  await a?.close()
  await b?.close()
  await hubB?.hub.close()
  await closeRealtimeApp()
})

describe('pusher protocol over websocket', () => {
  it('pusher-js receives on a public channel what the official client triggers', async () => {
    const client = browser(a.port)
    const ch = await subscribed(client, 'news')
    const got = once<{ title: string }>(ch, 'published')
    // publish.ts's default client targets 127.0.0.1:PORT, i.e. server A.
    await createPusherClient().trigger('news', 'published', { title: 'hello' })
    expect(await got).toEqual({ title: 'hello' })
  })

  it('fans out through Redis: triggered on A, delivered to a socket on B (and batch on B reaches A)', async () => {
    const onB = browser(b.port)
    const onA = browser(a.port)
    const chB = await subscribed(onB, 'fanout')
    const chA = await subscribed(onA, 'fanout-2')
    const gotB = once(chB, 'ping-event')
    await serverClient(a.port).trigger(['fanout', 'other'], 'ping-event', { n: 1 })
    expect(await gotB).toEqual({ n: 1 })
    const gotA = once(chA, 'batched')
    await serverClient(b.port).triggerBatch([{ channel: 'fanout-2', name: 'batched', data: { n: 2 } }])
    expect(await gotA).toEqual({ n: 2 })
  })

  it('answers pusher:ping with pusher:pong and refuses an unknown app key with 4001', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${a.port}/app/${KEY}?protocol=7&client=js&version=8`)
    const frames: { event: string; data: string }[] = []
    ws.on('message', (m) => frames.push(JSON.parse(String(m))))
    await new Promise((r) => ws.once('open', r))
    await eventually(() => expect(frames[0]?.event).toBe('pusher:connection_established'))
    expect(JSON.parse(frames[0]!.data)).toMatchObject({ socket_id: expect.stringMatching(/^\d+\.\d+$/), activity_timeout: 120 })
    ws.send(JSON.stringify({ event: 'pusher:ping', data: {} }))
    await eventually(() => expect(frames.map((f) => f.event)).toContain('pusher:pong'))
    ws.close()

    const bad = new WebSocket(`ws://127.0.0.1:${a.port}/app/wrong-key?protocol=7`)
    const first = new Promise<string>((r) => bad.once('message', (m) => r(String(m))))
    const closed = new Promise<number>((r) => bad.once('close', (code) => r(code)))
    expect(JSON.parse(await first)).toMatchObject({ event: 'pusher:error' })
    expect(JSON.parse(JSON.parse(await first).data)).toMatchObject({ code: 4001 })
    expect(await closed).toBe(4001)
  })

  it('pings an idle socket and closes it with 4201 when no pong comes', async () => {
    const fast = await createRealtimeApp({ prefix: useConfig().REDIS_PREFIX, activityTimeoutSeconds: 1, pongTimeoutSeconds: 1 })
    const srv = await startRealtimeServer(routesFor(fast))
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/app/${KEY}?protocol=7`)
      const events: string[] = []
      ws.on('message', (m) => events.push(JSON.parse(String(m)).event))
      const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)))
      expect(events).toEqual(['pusher:connection_established', 'pusher:ping'])
      expect(code).toBe(4201)
    } finally {
      await srv.close()
      await fast.hub.close()
    }
  })
})

describe('private channels', () => {
  it('refuses a forged signature with pusher:subscription_error', async () => {
    const client = browser(a.port, 'forged')
    const ch = client.subscribe('private-user-42')
    const err = await once<{ status: number; type: string }>(ch, 'pusher:subscription_error')
    expect(err).toMatchObject({ type: 'AuthError', status: 401 })
    expect(ch.subscribed).toBe(false)
  })

  it('the auth endpoint refuses anonymous requests (401), pusher-js reports it', async () => {
    const res = await fetch(`http://127.0.0.1:${a.port}/api/realtime/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ socket_id: '123.456', channel_name: 'private-user-1' }).toString(),
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } })
    const invalid = await fetch(`http://127.0.0.1:${a.port}/api/realtime/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ socket_id: 'nope', channel_name: 'private-user-1' }),
    })
    // Access is checked before the input: anonymous callers learn nothing about the schema.
    expect(invalid.status).toBe(401)

    const client = browser(a.port, 'endpoint')
    const ch = client.subscribe('private-user-1')
    expect(await once<{ status: number }>(ch, 'pusher:subscription_error')).toMatchObject({ status: 401 })
  })

  it('accepts a valid signature, delivers events, relays client events to the others only', async () => {
    const alice = browser(a.port)
    const bob = browser(b.port)
    const chA = await subscribed(alice, 'private-workspace-7')
    const chB = await subscribed(bob, 'private-workspace-7')
    const got = once(chB, 'doc-updated')
    await serverClient(a.port).trigger('private-workspace-7', 'doc-updated', { id: 1 })
    expect(await got).toEqual({ id: 1 })

    const echoed = vi.fn()
    chA.bind('client-typing', echoed)
    const typing = once(chB, 'client-typing')
    expect(chA.trigger('client-typing', { who: 'alice' })).toBe(true)
    expect(await typing).toEqual({ who: 'alice' })
    await new Promise((r) => setTimeout(r, 200))
    expect(echoed).not.toHaveBeenCalled()
  })
})

describe('presence channels', () => {
  it('reports members across processes and announces member_added / member_removed', async () => {
    const alice = browser(a.port, 'signed', { id: 'u1', name: 'Alice' })
    const chA = (await subscribed(alice, 'presence-workspace-9')) as PresenceChannel
    expect(chA.members.count).toBe(1)
    expect(chA.members.me).toMatchObject({ id: 'u1', info: { name: 'Alice' } })

    const added = once<{ id: string; info: unknown }>(chA, 'pusher:member_added')
    const bob = browser(b.port, 'signed', { id: 'u2', name: 'Bob' })
    const chB = (await subscribed(bob, 'presence-workspace-9')) as PresenceChannel
    expect(await added).toEqual({ id: 'u2', info: { name: 'Bob' } })
    expect(chB.members.count).toBe(2)
    const seen: string[] = []
    chB.members.each((m: { id: string }) => seen.push(m.id))
    expect(seen.sort()).toEqual(['u1', 'u2'])

    const removed = once<{ id: string }>(chA, 'pusher:member_removed')
    bob.disconnect()
    expect((await removed).id).toBe('u2')
    expect(chA.members.count).toBe(1)
  })

  it('counts a user with two sockets once: no second member_added, member_removed only after the last', async () => {
    const watcher = browser(a.port, 'signed', { id: 'w', name: 'Watcher' })
    const chW = (await subscribed(watcher, 'presence-workspace-10')) as PresenceChannel
    const events: string[] = []
    chW.bind('pusher:member_added', (m: { id: string }) => events.push(`+${m.id}`))
    chW.bind('pusher:member_removed', (m: { id: string }) => events.push(`-${m.id}`))
    const tab1 = browser(a.port, 'signed', { id: 'u3', name: 'Carol' })
    const tab2 = browser(b.port, 'signed', { id: 'u3', name: 'Carol' })
    await subscribed(tab1, 'presence-workspace-10')
    const ch2 = (await subscribed(tab2, 'presence-workspace-10')) as PresenceChannel
    expect(ch2.members.count).toBe(2)
    tab1.disconnect()
    await new Promise((r) => setTimeout(r, 300))
    expect(events).toEqual(['+u3'])
    tab2.disconnect()
    await eventually(() => expect(events).toEqual(['+u3', '-u3']))
  })
})

describe('HTTP events API', () => {
  const body = JSON.stringify({ name: 'x', data: '{}', channels: ['news'] })
  const path = `/apps/${APP_ID}/events`
  const post = (query: string, payload = body) =>
    fetch(`http://127.0.0.1:${a.port}${path}?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload })

  it('accepts a correctly signed request', async () => {
    const res = await post(serverClient(a.port).createSignedQueryString({ method: 'POST', path, body }))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({})
  })

  it('refuses a wrong secret, a tampered signature or body, and an old timestamp with 401 JSON', async () => {
    await expect(serverClient(a.port, 'not-the-secret-at-all').trigger('news', 'x', {})).rejects.toMatchObject({ status: 401 })

    const good = serverClient(a.port).createSignedQueryString({ method: 'POST', path, body })
    const tampered = good.replace(/auth_signature=([0-9a-f])/, (_m, c: string) => `auth_signature=${c === 'a' ? 'b' : 'a'}`)
    const r1 = await post(tampered)
    expect(r1.status).toBe(401)
    expect(await r1.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED', message: 'Invalid signature' } })

    const r2 = await post(good, body.replace('"x"', '"y"'))
    expect(r2.status).toBe(401)

    const spy = vi.spyOn(Date, 'now').mockReturnValue(Date.now() - 601_000)
    const old = serverClient(a.port).createSignedQueryString({ method: 'POST', path, body })
    spy.mockRestore()
    const r3 = await post(old)
    expect(r3.status).toBe(401)
    expect((await r3.json()).error.message).toMatch(/Timestamp expired/)
  })

  it('validates the event body and the app id', async () => {
    const tooBig = JSON.stringify({ name: 'x', data: 'a'.repeat(10 * 1024 + 1), channel: 'news' })
    const r1 = await post(serverClient(a.port).createSignedQueryString({ method: 'POST', path, body: tooBig }), tooBig)
    expect(r1.status).toBe(413)
    const other = new PusherServer({ appId: 'other-app', key: KEY, secret: SECRET, host: '127.0.0.1', port: String(a.port) })
    await expect(other.trigger('news', 'x', {})).rejects.toMatchObject({ status: 404 })
  })
})
