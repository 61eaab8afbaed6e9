import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ConsoleMessage } from 'playwright-core'
import { PHONE, openPage, saveScreenshot, type TTrackedPage } from '../helpers/browser'
import { urlIn } from '../helpers/i18n'
import { activeAccount, field, noSidewaysScroll, signIn, startE2eApp, validBin, type TE2eApp } from '../helpers/e2e-app'

// The profile as a settings page with a side navigation (one URL per section), the
// sessions list naming devices and asking before it ends any, the audit views naming
// people with field labels of the page's language and region, the admin outbox as a
// readable inbox, and dates in one format in every language.

const stamp = Date.now().toString(36)
const OWNER = `owner-${stamp}@example.kz`
const ADMIN = `admin-${stamp}@example.kz`
const PASSWORD = 'Settings-pass-42'
const WINDOWS_CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'

let app: TE2eApp
const consoleErrors: string[] = []

beforeAll(async () => {
  // TRUST_PROXY: a sign-in can come from a public address (X-Forwarded-For) to be placed.
  app = await startE2eApp('e2e_settings', { env: { TRUST_PROXY: '1' } })
  await activeAccount(app, OWNER, PASSWORD)
  await activeAccount(app, ADMIN, PASSWORD)
  await app.sql.query(`UPDATE users SET roles = ARRAY['user','admin'] WHERE email = $1`, [ADMIN])
})

afterAll(async () => {
  await app?.close()
})

afterEach((ctx) => app?.screenshotOnFail(ctx, 'settings'))

async function browserPage(opts: { phone?: boolean; userAgent?: string; width?: number } = {}): Promise<TTrackedPage> {
  const viewport = opts.phone === false ? { width: opts.width ?? 1366, height: 900 } : PHONE
  const tracked = await openPage(app.browser, app.server.url, {
    viewport,
    locale: 'ru-RU',
    ...(opts.phone === false ? {} : { isMobile: true, hasTouch: true }),
    ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
  })
  // Vue reports a server/browser disagreement on the console, also in a production build.
  tracked.page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text())
  })
  app.opened.push(tracked)
  return tracked
}

/** Signs in through the API from a browser with this User-Agent (and address): one more session of the person. */
async function apiSession(email: string, userAgent: string, ip?: string) {
  const res = await fetch(`${app.server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent, ...(ip ? { 'x-forwarded-for': ip } : {}) },
    body: JSON.stringify({ email, password: PASSWORD }),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as { accessToken: string }
}

describe('profile settings', () => {
  it('places each session by its address in the page language: a country, or the local network', async () => {
    const email = `place-${stamp}@example.kz`
    await activeAccount(app, email, PASSWORD)
    // Kazakhtelecom and Yandex addresses; the browser itself signs in from 127.0.0.1.
    await apiSession(email, IPHONE_SAFARI, '2.132.10.10')
    const fromRussia = await apiSession(email, WINDOWS_CHROME, '77.88.8.8')
    const listed = await fetch(`${app.server.url}/api/auth/sessions`, { headers: { authorization: `Bearer ${fromRussia.accessToken}` } })
    const byIp = Object.fromEntries(((await listed.json()) as { items: { ip: string; place: unknown }[] }).items.map((s) => [s.ip, s.place]))
    expect(byIp).toEqual({ '2.132.10.10': { local: false, country: 'KZ' }, '77.88.8.8': { local: false, country: 'RU' } })

    const { page, pageErrors } = await browserPage()
    await signIn(page, app.server.url, email, PASSWORD)
    // Debian's Chromium has no Kazakh region names (it answers in another language it has):
    // a Kazakh page then names countries in Russian, not in the browser's language.
    const kazakhNames = await page.evaluate(() => {
      const kz = (l: string) => new Intl.DisplayNames([l], { type: 'region' }).of('KZ')
      return kz('kk') !== kz('ru') && kz('kk') !== kz('en')
    })
    for (const [lang, kz, ru, local] of [
      ['ru', 'Казахстан', 'Россия', 'Локальная сеть'],
      kazakhNames ? (['kk', 'Қазақстан', 'Ресей', 'Жергілікті желі'] as const) : (['kk', 'Казахстан', 'Россия', 'Жергілікті желі'] as const),
      ['en', 'Kazakhstan', 'Russia', 'Local network'],
    ] as const) {
      await page.goto(urlIn(app.server.url, '/profile/sessions', lang))
      const list = page.getByTestId('profile-sessions')
      const place = (hasText: string) => list.getByTestId('session-row').filter({ hasText }).getByTestId('session-place')
      await expect.poll(() => place('IP 2.132.10.10').textContent(), { timeout: 10_000 }).toContain(kz)
      expect(await place('IP 77.88.8.8').textContent()).toContain(ru)
      expect(await place('IP 127.0.0.1').textContent()).toContain(local)
      if (lang === 'ru') {
        await noSidewaysScroll(page)
        await saveScreenshot(page, 'settings-sessions-place-phone.png')
      }
    }
    expect(pageErrors).toEqual([])
  })

  it('sections have their own URLs behind a labelled navigation that fits a phone (kk, dates dd.mm.yyyy, no hydration warning)', async () => {
    const { page, pageErrors } = await browserPage()
    await signIn(page, app.server.url, OWNER, PASSWORD)
    consoleErrors.length = 0
    await page.goto(urlIn(app.server.url, '/profile', 'kk'))
    const nav = page.getByTestId('profile-nav')
    expect(await nav.getAttribute('aria-label')).toBe('Профиль бөлімдері')
    expect(await page.getByTestId('profile-nav-personal').getAttribute('aria-current')).toBe('page')
    // "Since" in Kazakh reads like Russian: day.month.year, not ISO.
    await page.getByTestId('profile-personal').getByText(/\b\d{2}\.\d{2}\.\d{4}\b/).first().waitFor()
    expect(await page.getByTestId('profile-personal').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/)
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'settings-profile-kk-phone.png')

    for (const [id, path, section] of [
      ['security', '/profile/security', 'profile-phone'],
      ['sessions', '/profile/sessions', 'profile-sessions'],
      ['tokens', '/profile/tokens', 'profile-tokens'],
      ['history', '/profile/history', 'profile-history'],
    ] as const) {
      await page.getByTestId(`profile-nav-${id}`).click()
      await page.waitForURL((u) => u.pathname === `/kk${path}`)
      await page.getByTestId(section).waitFor()
      expect(await page.getByTestId(`profile-nav-${id}`).getAttribute('aria-current')).toBe('page')
      expect(await page.getByTestId('profile-nav-personal').getAttribute('aria-current')).toBeNull()
      await noSidewaysScroll(page)
    }
    // Each section also opens by its URL, server-rendered.
    await page.goto(urlIn(app.server.url, '/profile/security', 'kk'))
    await page.getByTestId('profile-phone').waitFor()
    expect(consoleErrors.filter((m) => /hydrat/i.test(m))).toEqual([])
    expect(pageErrors).toEqual([])
  })

  it('names devices, asks before ending a session or all others, and says what it ended', async () => {
    await apiSession(OWNER, WINDOWS_CHROME)
    const { page, pageErrors } = await browserPage()
    await signIn(page, app.server.url, OWNER, PASSWORD)
    const windows = await apiSession(OWNER, WINDOWS_CHROME)
    await apiSession(OWNER, IPHONE_SAFARI)
    await page.goto(`${app.server.url}/profile/sessions`)
    const list = page.getByTestId('profile-sessions')
    await list.getByTestId('session-device').getByText('Safari на iPhone', { exact: true }).waitFor()
    await expect.poll(() => list.getByTestId('session-device').getByText('Chrome на Windows', { exact: true }).count(), { timeout: 10_000 }).toBe(2)
    await list.getByText('IP 127.0.0.1', { exact: false }).first().waitFor()
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'settings-sessions-phone.png')

    // Ending one asks first; "cancel" ends nothing.
    const iphoneRow = list.getByTestId('session-row').filter({ hasText: 'Safari на iPhone' })
    await iphoneRow.getByTestId('session-revoke').click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText('«Safari на iPhone»', { exact: false }).waitFor()
    await saveScreenshot(page, 'settings-sessions-confirm.png')
    await dialog.getByTestId('sessions-confirm-cancel').click()
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
    // Five: the first test's browser, two from Windows, the iPhone and this one.
    expect(await list.getByTestId('session-row').count()).toBe(5)

    await iphoneRow.getByTestId('session-revoke').click()
    await page.getByTestId('sessions-confirm-ok').click()
    await page.getByText('Сеанс завершён: Safari на iPhone').first().waitFor()
    await expect.poll(() => list.getByTestId('session-row').count(), { timeout: 10_000 }).toBe(4)

    // All the others at once: this device stays, the three others end.
    await list.getByTestId('sessions-end-others').click()
    await page.getByRole('dialog').getByText('Будет завершено сеансов: 3', { exact: false }).waitFor()
    await page.getByTestId('sessions-confirm-ok').click()
    await page.getByText('Завершено других сеансов: 3').first().waitFor()
    await expect.poll(() => list.getByTestId('session-row').count(), { timeout: 10_000 }).toBe(1)
    await list.getByText('Это устройство').waitFor()
    expect(await list.getByTestId('sessions-end-others').count()).toBe(0)
    const me = await fetch(`${app.server.url}/api/auth/user`, { headers: { authorization: `Bearer ${windows.accessToken}` } })
    expect(me.status).toBe(401)
    expect(pageErrors).toEqual([])
  })

  it('the audit views name people and label fields in the page language, with no INN/OGRN rows on the Kazakhstan site', async () => {
    const owner = await apiSession(OWNER, WINDOWS_CHROME)
    const bin = validBin()
    const created = await fetch(`${app.server.url}/api/workspace`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.accessToken}` },
      body: JSON.stringify({ name: `ТОО Журнал ${stamp}`, bin }),
    })
    expect(created.status).toBe(201)
    const { page, pageErrors } = await browserPage({ phone: false })
    await signIn(page, app.server.url, ADMIN, PASSWORD)
    await page.goto(`${app.server.url}/admin/audit`)
    const entry = page.getByTestId('history-entry').filter({ hasText: `ТОО Журнал ${stamp}` })
    await entry.first().waitFor({ timeout: 15_000 })
    const text = await entry.first().innerText()
    expect(text).toContain(`кто: ${OWNER}`)
    expect(text).toContain(`БИН: ${bin}`)
    expect(text).toContain(`название: ТОО Журнал ${stamp}`)
    expect(text).not.toMatch(/\bbin:|ИНН|ОГРН/)
    await saveScreenshot(page, 'settings-admin-audit.png')

    // The same entry in English: English labels, the person still by email.
    await page.goto(urlIn(app.server.url, '/admin/audit', 'en'))
    const en = await page.getByTestId('history-entry').filter({ hasText: `ТОО Журнал ${stamp}` }).first().innerText()
    expect(en).toContain(`by ${OWNER}`)
    expect(en).toContain(`BIN: ${bin}`)
    expect(en).not.toMatch(/INN|OGRN/)
    expect(pageErrors).toEqual([])
  })

  it('the admin outbox filters by recipient and shows each message whole, at 1366 px and on a phone', async () => {
    const desk = await browserPage({ phone: false })
    await signIn(desk.page, app.server.url, ADMIN, PASSWORD)
    await desk.page.goto(`${app.server.url}/admin/integrations`)
    await field(desk.page, 'outbox-recipient').fill(`owner-${stamp}@`)
    // Only the owner's messages: the confirmation mail, with its link whole and clickable.
    const table = desk.page.getByTestId('outbox-table')
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1)
    const link = table.getByTestId('outbox-message').locator('a[href*="/auth/verify?token="]').first()
    const href = (await link.getAttribute('href'))!
    expect((await link.innerText()).trim()).toBe(href)
    // The message column is on screen, not cut off to the right.
    const box = (await table.getByTestId('outbox-message').first().boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(1366)
    expect(box.width).toBeGreaterThan(250)
    await noSidewaysScroll(desk.page)
    await saveScreenshot(desk.page, 'settings-outbox-1366.png')

    const phone = await browserPage()
    await signIn(phone.page, app.server.url, ADMIN, PASSWORD)
    await phone.page.goto(`${app.server.url}/admin/integrations`)
    await field(phone.page, 'outbox-recipient').fill(`OWNER-${stamp}@`)
    const cards = phone.page.getByTestId('outbox-card')
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(1)
    await cards.getByText(OWNER).first().waitFor()
    const phoneLink = cards.getByTestId('outbox-message').locator('a[href*="/auth/verify?token="]').first()
    expect(await phoneLink.isVisible()).toBe(true)
    await noSidewaysScroll(phone.page)
    await saveScreenshot(phone.page, 'settings-outbox-phone.png')
    expect([...desk.pageErrors, ...phone.pageErrors]).toEqual([])
  })
})
