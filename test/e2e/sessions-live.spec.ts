import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { PHONE, openPage, saveScreenshot, type TTrackedPage } from '../helpers/browser'
import { activeAccount, signIn, startE2eApp, type TE2eApp } from '../helpers/e2e-app'

// Realtime used for real, through the embedded Pusher endpoint of the production
// build: three devices of one person; ending a session on one device takes it off
// the lists open on the others at once, and the ended device is signed out at once,
// without anyone reloading or navigating.

const stamp = Date.now().toString(36)
const EMAIL = `live-${stamp}@example.kz`
const PASSWORD = 'Live-pass-42'

let app: TE2eApp
const devices: TTrackedPage[] = []

beforeAll(async () => {
  app = await startE2eApp('e2e_sessions_live')
  await activeAccount(app, EMAIL, PASSWORD)
})

afterAll(async () => {
  await app?.close()
})

afterEach((ctx) => app?.screenshotOnFail(ctx, 'sessions-live'))

/** A phone whose user agent names it, so its row in the sessions list can be found. */
async function device(name: string): Promise<TTrackedPage> {
  const ua = `Mozilla/5.0 (Linux; Android 14) ${name} Chrome/130.0 Mobile`
  const tracked = await openPage(app.browser, app.server.url, { viewport: PHONE, locale: 'ru-RU', isMobile: true, hasTouch: true, userAgent: ua })
  app.opened.push(tracked)
  devices.push(tracked)
  return tracked
}

const sessionRow = (d: TTrackedPage, name: string) => d.page.getByTestId('profile-sessions').locator('li', { hasText: name })

describe('sessions, live', () => {
  it('ending a session elsewhere updates the open lists and signs the ended device out at once', async () => {
    const [one, two, three] = [await device('Device-One'), await device('Device-Two'), await device('Device-Three')]
    for (const d of [one, two, three]) await signIn(d.page, app.server.url, EMAIL, PASSWORD)
    // Lists read after every device has signed in.
    for (const d of [one, two]) {
      await d.page.goto(`${app.server.url}/profile/sessions`)
      await expect.poll(() => sessionRow(d, 'Device-Three').count(), { timeout: 10_000 }).toBe(1)
    }

    await sessionRow(one, 'Device-Three').getByTestId('session-revoke').click()
    await one.page.getByTestId('sessions-confirm-ok').click()

    // Device three was left alone on its profile page: it is sent to sign in by itself.
    await three.page.waitForURL(/\/auth\/login\?/, { timeout: 10_000 })
    await three.page.getByTestId('login-reason').getByText('сеанс завершён', { exact: false }).waitFor()
    expect(new URL(three.page.url()).searchParams.get('reason')).toBe('session_revoked')
    // Device two's list dropped the row without a reload.
    await expect.poll(() => sessionRow(two, 'Device-Three').count(), { timeout: 10_000 }).toBe(0)
    await expect.poll(() => sessionRow(two, 'Device-One').count()).toBe(1)
    await saveScreenshot(two.page, 'sessions-live-updated.png')
    // The other two devices stay signed in.
    for (const d of [one, two]) expect(new URL(d.page.url()).pathname).toBe('/profile/sessions')
    for (const d of devices) expect(d.pageErrors).toEqual([])
  })
})
