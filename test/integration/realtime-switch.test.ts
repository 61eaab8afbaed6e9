import Pusher from 'pusher-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import authRoute from '../../server/api/realtime/auth.post'
import { ensureDemoUsers, login } from '../../server/domains/auth'
import { resetConfigForTests, useConfig } from '../../server/lib/config'
import { closeDb } from '../../server/lib/db'
import { browserRealtimeSettings, trigger } from '../../server/realtime/publish'
import { closeRedis } from '../../server/lib/redis'
import type { TRealtimeApp } from '../../server/realtime/http'
import { closeRealtimeApp, createRealtimeApp } from '../../server/realtime/instance'
import { pusherClientOptions } from '../../shared/realtime'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { officialServer, once } from '../helpers/pusher-clients'
import { routeFilesApp, routesFor, startRealtimeServer } from '../helpers/realtime-server'

// The web server is pointed at a second, separately configured Pusher-protocol
// endpoint (a hub of ours with its own app id, key and secret, standing in for Soketi)
// by PUSHER_* variables only. pusher-js is built with the options the browser plugin
// derives from the public runtime config; a private event must reach it there.
const STANDIN = { appId: 'standin-app', key: 'standin-key', secret: 'standin-secret-0123456789' }

let db: Awaited<ReturnType<typeof createTestDatabase>>
let standin: TRealtimeApp
let standinServer: Awaited<ReturnType<typeof startRealtimeServer>>
let web: Awaited<ReturnType<typeof startRealtimeServer>>
const clients: Pusher[] = []

beforeAll(async () => {
  db = await createTestDatabase('rtswitch')
  standin = await createRealtimeApp({ prefix: testRedisPrefix('rtstandin'), ...STANDIN })
  standinServer = await startRealtimeServer(routesFor(standin))
  web = await startRealtimeServer({ ...routeFilesApp(), auth: authRoute })
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    REDIS_PREFIX: testRedisPrefix('rtswitch'),
    PORT: String(web.port),
    PUSHER_HOST: '127.0.0.1',
    PUSHER_PORT: String(standinServer.port),
    PUSHER_APP_ID: STANDIN.appId,
    PUSHER_KEY: STANDIN.key,
    PUSHER_SECRET: STANDIN.secret,
  })
  resetConfigForTests()
  await ensureDemoUsers()
})

afterAll(async () => {
  for (const c of clients) c.disconnect()
  for (const k of ['PUSHER_HOST', 'PUSHER_PORT', 'PUSHER_APP_ID', 'PUSHER_KEY', 'PUSHER_SECRET']) delete process.env[k]
  resetConfigForTests()
  await web?.close()
  await standinServer?.close()
  await standin?.hub.close()
  await closeRealtimeApp()
  await closeDb()
  await closeRedis()
  await db?.drop()
})

describe('realtime moved to another endpoint by configuration only', () => {
  it('the browser-side options point at the stand-in, and a private event reaches pusher-js there', async () => {
    const session = await login({ identifier: 'user@dogovor24.kz', password: 'Demo12345' }, { ip: '127.0.0.1', userAgent: 'test' })
    // What the page would see: it is served by the web server, not by the stand-in.
    const { key, options } = pusherClientOptions(browserRealtimeSettings(useConfig()), { hostname: '127.0.0.1', port: String(web.port), protocol: 'http:' })
    expect({ key, wsPort: options.wsPort }).toEqual({ key: STANDIN.key, wsPort: standinServer.port })
    const client = new Pusher(key, {
      ...options,
      channelAuthorization: {
        endpoint: `http://127.0.0.1:${web.port}/api/realtime/auth`,
        transport: 'ajax',
        headers: { authorization: `Bearer ${session.accessToken}` },
      },
    })
    clients.push(client)
    const channel = `private-user-${session.user.id}`
    const ch = client.subscribe(channel)
    await once(ch, 'pusher:subscription_succeeded')
    const info = await officialServer(standinServer.port, STANDIN).get({ path: `/channels/${channel}`, params: { info: 'subscription_count' } })
    expect(await info.json()).toEqual({ occupied: true, subscription_count: 1 })

    const got = once(ch, 'notification')
    await trigger(channel, 'notification', { text: 'via the stand-in' })
    expect(await got).toEqual({ text: 'via the stand-in' })
  })
})
