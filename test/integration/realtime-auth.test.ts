import { eventually } from '../helpers/eventually'
import { embeddedSocket } from '../helpers/pusher-clients'
import Pusher, { type Channel, type PresenceChannel } from 'pusher-js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import authRoute from '../../server/api/realtime/auth.post'
import { blockUser, ensureDemoUsers, login, logout, revokeSession, unblockUser } from '../../server/domains/auth'
import { ensurePersonalWorkspace } from '../../server/domains/workspace'
import { resetConfigForTests } from '../../server/lib/config'
import { closeDb } from '../../server/lib/db'
import { closeRedis } from '../../server/lib/redis'
import { closeRealtimeApp } from '../../server/realtime/instance'
import { trigger } from '../../server/realtime/publish'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { routeFilesApp, startRealtimeServer } from '../helpers/realtime-server'

// The channel auth endpoint against the real auth domain: a signed-in user gets their
// own private channel, nobody else's, and the hub accepts the signature it returns.
let server: Awaited<ReturnType<typeof startRealtimeServer>>
let db: Awaited<ReturnType<typeof createTestDatabase>>
let accessToken = ''
let userId = ''
let otherToken = ''
let session0 = ''
const clients: Pusher[] = []

function browser(port: number, token: string): Pusher {
  const client = new Pusher('dogovor24-key', {
    ...embeddedSocket(port),
    channelAuthorization: {
      endpoint: `http://127.0.0.1:${port}/api/realtime/auth`,
      transport: 'ajax',
      headers: { authorization: `Bearer ${token}` },
    },
  })
  clients.push(client)
  return client
}

function once<T = unknown>(ch: Channel, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), ms)
    ch.bind(event, (d: T) => {
      clearTimeout(t)
      resolve(d)
    })
  })
}

beforeAll(async () => {
  db = await createTestDatabase('rtauth')
  server = await startRealtimeServer({ ...routeFilesApp(), auth: authRoute })
  Object.assign(process.env, { DATABASE_URL: db.url, REDIS_PREFIX: testRedisPrefix('rtauth'), PORT: String(server.port) })
  for (const k of ['PUSHER_APP_ID', 'PUSHER_KEY', 'PUSHER_SECRET', 'PUSHER_HOST', 'PUSHER_PORT']) delete process.env[k]
  resetConfigForTests()
  await ensureDemoUsers()
  const session = await login({ identifier: 'user@dogovor24.kz', password: 'Demo12345' }, { ip: '127.0.0.1', userAgent: 'test' })
  accessToken = session.accessToken
  userId = session.user.id
  session0 = session.sessionId
  otherToken = (await login({ identifier: 'lawyer@dogovor24.kz', password: 'Demo12345' }, { ip: '127.0.0.1', userAgent: 'test' })).accessToken
})

afterAll(async () => {
  for (const c of clients) c.disconnect()
  await server?.close()
  await closeRealtimeApp()
  await closeDb()
  await closeRedis()
  await db?.drop()
})

describe('channel auth endpoint with a signed-in user', () => {
  it('signs the user own private channel; the hub accepts it and delivers', async () => {
    const ch = browser(server.port, accessToken).subscribe(`private-user-${userId}`)
    await once(ch, 'pusher:subscription_succeeded')
    const got = once(ch, 'notification')
    await trigger(`private-user-${userId}`, 'notification', { text: 'hi' })
    expect(await got).toEqual({ text: 'hi' })
  })

  it("refuses another user's channel and workspace channels (403)", async () => {
    const client = browser(server.port, accessToken)
    const other = client.subscribe('private-user-someone-else')
    expect(await once(other, 'pusher:subscription_error')).toMatchObject({ status: 403 })
    const ws = client.subscribe('private-workspace-1')
    expect(await once(ws, 'pusher:subscription_error')).toMatchObject({ status: 403 })
  })

  it('lets a workspace member into its presence channel, with who is online; a non-member gets 403', async () => {
    const workspace = await ensurePersonalWorkspace(userId)
    const ch = browser(server.port, accessToken).subscribe(`presence-workspace-${workspace.id}`) as PresenceChannel
    await once(ch, 'pusher:subscription_succeeded')
    expect(ch.members.me).toMatchObject({ id: userId, info: { name: 'Demo User' } })
    expect(ch.members.count).toBe(1)
    const priv = browser(server.port, accessToken).subscribe(`private-workspace-${workspace.id}`)
    await once(priv, 'pusher:subscription_succeeded')

    const stranger = browser(server.port, otherToken).subscribe(`presence-workspace-${workspace.id}`)
    expect(await once(stranger, 'pusher:subscription_error')).toMatchObject({ status: 403 })
  })

  it('announces ended sessions on the person’s channel: revoke and block name them, logout only refreshes lists', async () => {
    const ch = browser(server.port, accessToken).subscribe(`private-user-${userId}`)
    await once(ch, 'pusher:subscription_succeeded')
    const events: unknown[] = []
    ch.bind('sessions-changed', (d: unknown) => events.push(d))
    const other = await login({ identifier: 'user@dogovor24.kz', password: 'Demo12345' }, { ip: '127.0.0.1', userAgent: 'phone' })
    await eventually(() => expect(events).toContainEqual({ ended: [] }))
    await revokeSession(userId, other.sessionId)
    await eventually(() => expect(events).toContainEqual({ ended: [other.sessionId], reason: 'session_revoked' }))

    const before = events.length
    const third = await login({ identifier: 'user@dogovor24.kz', password: 'Demo12345' }, { ip: '127.0.0.1', userAgent: 'tablet' })
    // The sign-in's own announcement, sent without waiting, arrives first.
    await eventually(() => expect(events.length).toBe(before + 1))
    events.length = 0
    await logout({ userId, sessionId: third.sessionId })
    await eventually(() => expect(events).toEqual([{ ended: [] }]))

    // The admin's block ends every session: the one this very channel was authorized with too.
    const admin = await login({ identifier: 'admin@dogovor24.kz', password: 'Demo12345' }, { ip: '127.0.0.1', userAgent: 'test' })
    await blockUser(admin.user.id, userId)
    await eventually(() =>
      expect(events).toContainEqual({ ended: expect.arrayContaining([session0]), reason: 'account_blocked' }),
    )
    await unblockUser(userId, admin.user.id)
    accessToken = (await login({ identifier: 'user@dogovor24.kz', password: 'Demo12345' }, { ip: '127.0.0.1', userAgent: 'test' })).accessToken
  })

  it('answers 400 with the field path to a signed-in caller sending a malformed socket id', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/realtime/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ socket_id: 'nope', channel_name: `private-user-${userId}` }),
    })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { fields: Array<{ path: string }> } }
    expect(body.error.fields.map((f) => f.path)).toContain('body.socket_id')
  })

  it('refuses a bad token (401)', async () => {
    const ch = browser(server.port, 'not-a-token').subscribe(`private-user-${userId}`)
    expect(await once(ch, 'pusher:subscription_error')).toMatchObject({ status: 401 })
  })
})
