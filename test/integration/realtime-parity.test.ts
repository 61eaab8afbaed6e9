import { eventually } from '../helpers/eventually'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type Pusher from 'pusher-js'
import type { PresenceChannel } from 'pusher-js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import type { TRealtimeApp } from '../../server/realtime/http'
import { createRealtimeApp } from '../../server/realtime/instance'
import { testRedisPrefix } from '../helpers/db'
import { connected, officialServer, once, pusherJs, subscribed } from '../helpers/pusher-clients'
import { routesFor, startRealtimeServer } from '../helpers/realtime-server'

// Pusher parity, checked with the official clients only (pusher-js + the `pusher`
// server library): channel information, `info` on trigger, client events off by
// default, signed webhooks, user sign-in / sendToUser / terminate. Two hubs on one
// Redis prefix stand for two web processes.
const APP = { appId: 'par-app', key: 'par-key', secret: 'par-secret-0123456789' }

type TServer = Awaited<ReturnType<typeof startRealtimeServer>>
type THook = { time_ms: number; events: Record<string, unknown>[] }
let a: TServer
let b: TServer
let hubA: TRealtimeApp
let hubB: TRealtimeApp
let receiver: Server
const hooks: { headers: Record<string, string>; body: string }[] = []
const clients: Pusher[] = []

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      hooks.push({ headers: req.headers as Record<string, string>, body })
      res.end('ok')
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/pusher/webhook`
  const prefix = testRedisPrefix('rtparity')
  // A: client events on, B: the default (off). Both send webhooks.
  hubA = await createRealtimeApp({ prefix, ...APP, clientEvents: true, webhookUrl })
  hubB = await createRealtimeApp({ prefix, ...APP, webhookUrl })
  a = await startRealtimeServer(routesFor(hubA))
  b = await startRealtimeServer(routesFor(hubB))
})

afterAll(async () => {
  for (const c of clients) c.disconnect()
  await a?.close()
  await b?.close()
  await hubA?.hub.close()
  await hubB?.hub.close()
  await new Promise((r) => receiver?.close(r))
})

const server = (port = a.port) => officialServer(port, APP)
const browser = (port: number, user?: { id: string; name: string }) => pusherJs(port, { key: APP.key, signer: server(port), user }, clients)
const getJson = async (port: number, path: string, params?: Record<string, string>) => {
  const res = await server(port).get({ path, params })
  return (await res.json()) as any
}

/** Every webhook event received so far, each checked against the signature first. */
function webhookEvents(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  for (const h of hooks) {
    const hook = server().webhook({ headers: h.headers, rawBody: h.body })
    expect(hook.isValid(), 'X-Pusher-Signature must verify with the app secret').toBe(true)
    out.push(...(hook.getEvents() as unknown as Record<string, unknown>[]))
  }
  return out
}

describe('channel information over the HTTP API', () => {
  it('lists occupied channels across processes, by prefix, with user counts for presence', async () => {
    await subscribed(browser(a.port), 'info-news')
    await subscribed(browser(b.port), 'info-news')
    await subscribed(browser(b.port), 'info-other')
    await subscribed(browser(a.port, { id: 'u1', name: 'One' }), 'presence-info-room')
    await subscribed(browser(b.port, { id: 'u2', name: 'Two' }), 'presence-info-room')

    const all = await getJson(a.port, '/channels', { filter_by_prefix: 'info-' })
    expect(Object.keys(all.channels).sort()).toEqual(['info-news', 'info-other'])
    const presence = await getJson(b.port, '/channels', { filter_by_prefix: 'presence-info', info: 'user_count' })
    expect(presence.channels).toEqual({ 'presence-info-room': { user_count: 2 } })
    // user_count exists only for presence channels.
    await expect(server().get({ path: '/channels', params: { info: 'user_count' } })).rejects.toMatchObject({ status: 400 })

    expect(await getJson(a.port, '/channels/info-news', { info: 'subscription_count' })).toEqual({ occupied: true, subscription_count: 2 })
    expect(await getJson(a.port, '/channels/nobody-here')).toEqual({ occupied: false })
    expect(await getJson(b.port, '/channels/presence-info-room', { info: 'user_count,subscription_count' })).toEqual({
      occupied: true,
      user_count: 2,
      subscription_count: 2,
    })
    const users = await getJson(a.port, '/channels/presence-info-room/users')
    expect(users.users.map((u: { id: string }) => u.id).sort()).toEqual(['u1', 'u2'])
    await expect(server().get({ path: '/channels/info-news/users' })).rejects.toMatchObject({ status: 400 })
  })

  it('answers info on trigger and triggerBatch with the counts', async () => {
    await subscribed(browser(a.port), 'counted')
    await subscribed(browser(b.port), 'counted')
    await subscribed(browser(a.port, { id: 'u9', name: 'Nine' }), 'presence-counted')
    const res = await server(b.port).trigger(['counted', 'presence-counted'], 'tick', {}, { info: 'subscription_count,user_count' })
    expect(await res.json()).toEqual({
      channels: { counted: { subscription_count: 2 }, 'presence-counted': { subscription_count: 1, user_count: 1 } },
    })
    const batch = await server().triggerBatch([
      { channel: 'counted', name: 'tick', data: {}, info: 'subscription_count' },
      { channel: 'presence-counted', name: 'tick', data: {}, info: 'user_count' },
    ])
    expect(await batch.json()).toEqual({ batch: [{ subscription_count: 2 }, { user_count: 1 }] })
  })
})

describe('client events', () => {
  it('are refused with pusher:error 4301 where they are not switched on (the default) and relayed where they are', async () => {
    const onB = browser(b.port)
    const chB = await subscribed(onB, 'private-chat')
    const errors: { code: number | null }[] = []
    onB.connection.bind('error', (e: { data?: { code: number | null } }) => e.data && errors.push(e.data))
    const peer = browser(a.port)
    const chPeer = await subscribed(peer, 'private-chat')
    const got = vi.fn()
    chPeer.bind('client-typing', got)
    chB.trigger('client-typing', { from: 'b' })
    await eventually(() => expect(errors.map((e) => e.code)).toContain(4301))

    // A allows them: they reach B's socket (and the webhook, see below).
    const relayed = once(chB, 'client-typing')
    expect(chPeer.trigger('client-typing', { from: 'a' })).toBe(true)
    expect(await relayed).toEqual({ from: 'a' })
    expect(got).not.toHaveBeenCalled()
  })
})

describe('webhooks', () => {
  it('posts signed channel_occupied / vacated, member_added / removed and client_event, each once across processes', async () => {
    const alice = browser(a.port, { id: 'wa', name: 'Alice' })
    const bob = browser(b.port, { id: 'wb', name: 'Bob' })
    const chA = (await subscribed(alice, 'presence-hooks')) as PresenceChannel
    await subscribed(bob, 'presence-hooks')
    chA.trigger('client-wave', { hi: true })
    const hookEvents = () => webhookEvents().filter((e) => e.channel === 'presence-hooks')
    await eventually(() => expect(hookEvents().map((e) => e.name)).toEqual(expect.arrayContaining(['channel_occupied', 'member_added', 'client_event'])))
    alice.disconnect()
    bob.disconnect()
    // Each process posts its own batch: A's member_removed may come after B's channel_vacated.
    await eventually(() => {
      const names = hookEvents().map((e) => `${e.name}:${e.user_id ?? ''}`)
      expect(names).toEqual(expect.arrayContaining(['channel_vacated:', 'member_removed:wa', 'member_removed:wb']))
    })
    const evs = hookEvents()
    const count = (name: string) => evs.filter((e) => e.name === name).length
    expect(count('channel_occupied')).toBe(1)
    expect(count('channel_vacated')).toBe(1)
    expect(evs.filter((e) => e.name === 'member_added').map((e) => e.user_id).sort()).toEqual(['wa', 'wb'])
    expect(evs.filter((e) => e.name === 'member_removed').map((e) => e.user_id).sort()).toEqual(['wa', 'wb'])
    expect(evs.find((e) => e.name === 'client_event')).toMatchObject({ event: 'client-wave', data: JSON.stringify({ hi: true }), user_id: 'wa' })
    // Signed with the app's key and secret, not some other pair.
    const h = hooks[0]!
    expect(h.headers['x-pusher-key']).toBe(APP.key)
    const stranger = officialServer(a.port, { ...APP, secret: 'someone-elses-secret' })
    expect(stranger.webhook({ headers: h.headers, rawBody: h.body }).isValid()).toBe(false)
    expect((JSON.parse(h.body) as THook).time_ms).toBeGreaterThan(0)
  })
})

describe('user authentication (pusher:signin), sendToUser, terminateUserConnections', () => {
  it('delivers sendToUser to every signed-in socket of the user, on any process', async () => {
    const tab1 = browser(a.port, { id: 'carol', name: 'Carol' })
    const tab2 = browser(b.port, { id: 'carol', name: 'Carol' })
    const signedIn = Promise.all([once(tab1, 'pusher:signin_success'), once(tab2, 'pusher:signin_success')])
    tab1.signin()
    tab2.signin()
    await signedIn
    // pusher-js subscribes to #server-to-user-<id> right after signin_success.
    await eventually(() => expect(tab2.user.serverToUserChannel?.subscribed).toBe(true))
    await eventually(() => expect(tab1.user.serverToUserChannel?.subscribed).toBe(true))
    const got1 = once(tab1.user, 'notice')
    const got2 = once(tab2.user, 'notice')
    await server(b.port).sendToUser('carol', 'notice', { text: 'hello' })
    expect(await got1).toEqual({ text: 'hello' })
    expect(await got2).toEqual({ text: 'hello' })
  })

  it('refuses a forged sign-in (4009) and a subscription to another user’s server-to-user channel', async () => {
    const forged = pusherJs(a.port, { key: APP.key, signer: officialServer(a.port, { ...APP, secret: 'forged-secret-000' }), user: { id: 'dave', name: 'Dave' } }, clients)
    await connected(forged)
    const err = once<{ data?: { code: number } }>(forged.connection, 'error')
    forged.signin()
    expect((await err).data?.code).toBe(4009)

    // pusher-js itself never subscribes to #server-to-user- channels by name: a raw socket tries.
    const nosy = new WebSocket(`ws://127.0.0.1:${a.port}/app/${APP.key}?protocol=7`)
    const frames: { event: string; channel?: string; data: string }[] = []
    nosy.on('message', (m) => frames.push(JSON.parse(String(m))))
    await new Promise((r) => nosy.once('open', r))
    nosy.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: '#server-to-user-carol', auth: '' } }))
    await eventually(() => expect(frames.map((f) => f.event)).toContain('pusher:subscription_error'))
    expect(frames.find((f) => f.event === 'pusher:subscription_error')).toMatchObject({ channel: '#server-to-user-carol' })
    nosy.close()
  })

  it('terminates every socket of one user on every process with 4009, leaving others connected', async () => {
    const victims = [browser(a.port, { id: 'erin', name: 'Erin' }), browser(b.port, { id: 'erin', name: 'Erin' })]
    const bystander = browser(a.port, { id: 'frank', name: 'Frank' })
    for (const c of [...victims, bystander]) {
      const ok = once(c, 'pusher:signin_success')
      c.signin()
      await ok
    }
    const codes = victims.map(
      (c) =>
        new Promise<number | undefined>((resolve) =>
          // Either the pusher:error frame before the close or the close code itself.
          c.connection.bind('error', (e: { data?: { code?: number }; error?: { data?: { code?: number } } }) => resolve(e.data?.code ?? e.error?.data?.code)),
        ),
    )
    const states = victims.map((c) => new Promise<void>((r) => c.connection.bind('state_change', (s: { current: string }) => s.current !== 'connected' && r())))
    await server().terminateUserConnections('erin')
    await Promise.all(states)
    expect(await Promise.race([Promise.all(codes), new Promise((r) => setTimeout(() => r('no error event'), 2000))])).toEqual([4009, 4009])
    expect(bystander.connection.state).toBe('connected')
  })
})
