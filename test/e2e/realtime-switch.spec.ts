import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { TRealtimeApp } from '../../server/realtime/http'
import { createRealtimeApp } from '../../server/realtime/instance'
import { PHONE, openPage, type TTrackedPage } from '../helpers/browser'
import { testRedisPrefix } from '../helpers/db'
import { activeAccount, signIn, startE2eApp, type TE2eApp } from '../helpers/e2e-app'
import { officialServer } from '../helpers/pusher-clients'
import { routesFor, startRealtimeServer } from '../helpers/realtime-server'

// Moving realtime to Soketi or hosted Pusher is configuration only. A second,
// separately configured Pusher-protocol endpoint (our own hub, standing in for
// Soketi, with its own app id, key and secret) is named in the built server's
// PUSHER_* variables and nothing else; the browser must then listen there, the
// server must publish there, and a private event must reach the browser.

const STANDIN = { appId: 'soketi-app', key: 'soketi-key', secret: 'soketi-secret-not-ours-42' }
const stamp = Date.now().toString(36)
const EMAIL = `switch-${stamp}@example.kz`
const PASSWORD = 'Switch-pass-42'

let standin: TRealtimeApp
let standinServer: Awaited<ReturnType<typeof startRealtimeServer>>
let app: TE2eApp

beforeAll(async () => {
  standin = await createRealtimeApp({ prefix: testRedisPrefix('e2e_standin'), ...STANDIN })
  standinServer = await startRealtimeServer(routesFor(standin))
  app = await startE2eApp('e2e_switch', {
    env: {
      PUSHER_HOST: '127.0.0.1',
      PUSHER_PORT: String(standinServer.port),
      PUSHER_APP_ID: STANDIN.appId,
      PUSHER_KEY: STANDIN.key,
      PUSHER_SECRET: STANDIN.secret,
    },
  })
  await activeAccount(app, EMAIL, PASSWORD)
})

afterAll(async () => {
  await app?.close()
  await standinServer?.close()
  await standin?.hub.close()
})

afterEach((ctx) => app?.screenshotOnFail(ctx, 'realtime-switch'))

async function device(name: string): Promise<TTrackedPage & { sockets: string[] }> {
  const ua = `Mozilla/5.0 (Linux; Android 14) ${name} Chrome/130.0 Mobile`
  const tracked = await openPage(app.browser, app.server.url, { viewport: PHONE, locale: 'ru-RU', isMobile: true, hasTouch: true, userAgent: ua })
  app.opened.push(tracked)
  const sockets: string[] = []
  tracked.page.on('websocket', (ws) => sockets.push(ws.url()))
  return { ...tracked, sockets }
}

describe('realtime on another Pusher-protocol endpoint, by configuration only', () => {
  it('the browser listens there, the server publishes there, and a private event reaches the browser', async () => {
    const one = await device('Switch-One')
    const two = await device('Switch-Two')
    await signIn(one.page, app.server.url, EMAIL, PASSWORD)
    await signIn(two.page, app.server.url, EMAIL, PASSWORD)
    const { rows } = await app.sql.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [EMAIL])
    const userChannel = `private-user-${rows[0]!.id}`

    // Both browsers connected to the stand-in with its key, none to the web server's own endpoint.
    for (const d of [one, two]) {
      await expect.poll(() => d.sockets.some((u) => u.startsWith(`ws://127.0.0.1:${standinServer.port}/app/${STANDIN.key}?`)), { timeout: 10_000 }).toBe(true)
      expect(d.sockets.filter((u) => u.includes(`:${app.server.port}/app/`))).toEqual([])
    }
    // Their private channel, signed by our auth route with the stand-in's secret, is live there.
    const standinApi = officialServer(standinServer.port, STANDIN)
    await expect
      .poll(async () => {
        const res = await standinApi.get({ path: `/channels/${userChannel}`, params: { info: 'subscription_count' } })
        return ((await res.json()) as { subscription_count?: number }).subscription_count
      }, { timeout: 10_000 })
      .toBe(2)

    await one.page.goto(`${app.server.url}/profile/sessions`)
    const row = one.page.getByTestId('profile-sessions').locator('li', { hasText: 'Switch-Two' })
    await row.getByTestId('session-revoke').click()
    await one.page.getByTestId('sessions-confirm-ok').click()
    // The server told the stand-in; the stand-in told device two, which signs out by itself.
    await two.page.waitForURL(/\/auth\/login\?/, { timeout: 10_000 })
    expect(new URL(two.page.url()).searchParams.get('reason')).toBe('session_revoked')
    expect(one.pageErrors).toEqual([])
    expect(two.pageErrors).toEqual([])
  })
})
