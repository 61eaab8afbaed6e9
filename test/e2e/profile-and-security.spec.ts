import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { PHONE, openPage, saveScreenshot, type TTrackedPage } from '../helpers/browser'
import { field, noSidewaysScroll, startE2eApp, validIin, type TE2eApp } from '../helpers/e2e-app'

// Account security in a phone-sized Chromium against the production build:
// forgotten password by the emailed link, personal data with an IIN checked in
// place, ending a session from another device, an admin blocking a user, and the
// admin audit log with its hash chain.

const stamp = Date.now().toString(36)
const ALICE = `alice-${stamp}@example.kz`
const BOB = `bob-${stamp}@example.kz`
const OLD_PASSWORD = 'Old-pass-42'
const NEW_PASSWORD = 'New-pass-77'
const BOB_PASSWORD = 'Bob-pass-42'
const CAROL = `carol-${stamp}@example.kz`
const CAROL_PASSWORD = 'Carol-Otter-2041'

let app: TE2eApp
let db: TE2eApp['db']
let sql: TE2eApp['sql']
let server: TE2eApp['server']
let browser: TE2eApp['browser']
let opened: TE2eApp['opened']

beforeAll(async () => {
  app = await startE2eApp('e2e_security')
  ;({ db, sql, server, browser, opened } = app)
  await activeAccount(ALICE, OLD_PASSWORD)
  await activeAccount(BOB, BOB_PASSWORD)
})

afterAll(async () => {
  await app?.close()
})

// A failing step leaves a picture of every open page, so the failure can be seen.
afterEach((ctx) => app?.screenshotOnFail(ctx, 'security'))

async function phonePage(): Promise<TTrackedPage> {
  const tracked = await openPage(browser, server.url, { viewport: PHONE, locale: 'ru-RU', isMobile: true, hasTouch: true })
  opened.push(tracked)
  return tracked
}

/** Sign-up and confirmation through the API (the UI path has its own e2e). */
async function activeAccount(email: string, password: string) {
  const reg = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, acceptTerms: true }),
  })
  expect(reg.status).toBe(201)
  const token = new URL(await app.linkFromOutbox(email, '/auth/verify?token=')).searchParams.get('token')
  const ver = await fetch(`${server.url}/api/auth/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })
  expect(ver.status).toBe(200)
}

async function login(page: Page, email: string, password: string) {
  await page.goto(`${server.url}/auth/login?redirect=/profile`)
  await page.waitForLoadState('networkidle')
  await field(page, 'login-identifier').fill(email)
  await field(page, 'login-password').fill(password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => u.pathname === '/profile')
}

describe('profile and security', () => {
  it('forgot password: the emailed link sets a new password, which then signs in', async () => {
    const { page, pageErrors } = await phonePage()
    await page.goto(`${server.url}/auth/forgot-password`)
    await page.waitForLoadState('networkidle')
    await page.locator('input[type="email"]').fill(ALICE)
    await page.locator('button[type="submit"]').click()
    await page.getByTestId('forgot-sent').waitFor()

    const link = await app.linkFromOutbox(ALICE, '/auth/reset-password?token=')
    await page.goto(link)
    await page.waitForLoadState('networkidle')
    const inputs = page.locator('input[autocomplete="new-password"]')
    await inputs.nth(0).fill(NEW_PASSWORD)
    await inputs.nth(1).fill(NEW_PASSWORD)
    await page.locator('button[type="submit"]').click()
    await page.getByTestId('reset-done').waitFor()

    // The old password is gone; the new one works.
    await page.goto(`${server.url}/auth/login`)
    await page.waitForLoadState('networkidle')
    await field(page, 'login-identifier').fill(ALICE)
    await field(page, 'login-password').fill(OLD_PASSWORD)
    await page.getByTestId('login-submit').click()
    await page.getByTestId('form-error').waitFor()
    await login(page, ALICE, NEW_PASSWORD)
    expect(pageErrors).toEqual([])
  })

  it('edits name and IIN: a wrong IIN is refused in place, a valid one is saved and shows in the history', async () => {
    const { page, pageErrors } = opened[0]!
    await page.getByTestId('profile-personal').getByText(ALICE).waitFor()
    await field(page, 'personal-name').fill('Алия Сапарова')
    const iin = validIin()
    const wrong = iin.slice(0, 11) + ((Number(iin[11]) + 1) % 10)
    await field(page, 'personal-number').fill(wrong)
    await page.getByTestId('personal-save').click()
    const iinError = page.getByTestId('personal-form').getByText('ИИН указан неверно', { exact: false })
    await iinError.waitFor()
    await saveScreenshot(page, 'security-profile-iin-error.png')
    expect((await sql.query(`SELECT name FROM users WHERE email = $1`, [ALICE])).rows[0].name).toBeNull()

    await field(page, 'personal-number').fill(iin)
    await expect.poll(() => iinError.count()).toBe(0)
    await page.getByTestId('personal-save').click()
    await page.getByTestId('personal-saved').waitFor()
    const row = (await sql.query(`SELECT name, iin FROM users WHERE email = $1`, [ALICE])).rows[0]
    expect(row).toEqual({ name: 'Алия Сапарова', iin })
    // The history is its own section of the profile, reached from the side navigation.
    await page.getByTestId('profile-nav-history').click()
    await page.waitForURL(/\/profile\/history$/)
    await page.getByTestId('profile-security').getByText('Личные данные изменены').first().waitFor()

    // Still there after a reload (read from the server, not the form).
    await page.goto(`${server.url}/profile`)
    await expect.poll(() => field(page, 'personal-number').inputValue()).toBe(iin)
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'security-profile.png')
    expect(pageErrors).toEqual([])
  })

  it('ends a session from another device: that device is sent to sign in at once, with the reason', async () => {
    const first = opened[0]!
    const second = await phonePage()
    await login(second.page, ALICE, NEW_PASSWORD)

    await first.page.goto(`${server.url}/profile/sessions`)
    const sessions = first.page.getByTestId('profile-sessions')
    // The list loads after the page (lazy): give a loaded machine time.
    await expect.poll(() => sessions.getByTestId('session-revoke').count(), { timeout: 10_000 }).toBe(1)
    await sessions.getByTestId('session-revoke').click()
    await first.page.getByTestId('sessions-confirm-ok').click()
    await expect.poll(() => sessions.getByTestId('session-revoke').count(), { timeout: 10_000 }).toBe(0)

    // Told over realtime (its session ended): no navigation needed.
    await second.page.waitForURL(/\/auth\/login\?/)
    await second.page.getByTestId('login-reason').getByText('сеанс завершён', { exact: false }).waitFor()
    // The first device is untouched.
    await first.page.goto(`${server.url}/workspace`)
    await first.page.getByTestId('workspace-list').waitFor()
    expect(first.pageErrors).toEqual([])
  })

  it('an admin blocks a user: their requests are refused and the app sends them to sign in at once, with the reason', async () => {
    const bob = opened[1]!
    await login(bob.page, BOB, BOB_PASSWORD)
    // Bob's own access token, as his browser holds it (it forgets it once told of the block).
    const raw = decodeURIComponent((await bob.context.cookies()).find((c) => c.name === 'auth.token')?.value ?? '')

    await sql.query(`UPDATE users SET roles = ARRAY['user','admin'] WHERE email = $1`, [ALICE])
    const admin = opened[0]!.page
    await admin.goto(`${server.url}/admin/users`)
    await field(admin, 'users-search').fill('bob-')
    await expect.poll(() => admin.getByTestId('user-row').count()).toBe(1)
    await admin.getByTestId('user-row').getByRole('button', { name: 'Заблокировать' }).click()
    // Blocking ends every session of the person: the admin confirms it first, and is told it is done.
    await admin.getByRole('dialog').getByText('Все его сеансы сразу завершатся', { exact: false }).waitFor()
    await admin.getByRole('dialog').getByTestId('confirm-ok').click()
    await admin.getByText('Пользователь заблокирован.').first().waitFor()
    await admin.getByTestId('user-row').getByText('заблокирован', { exact: false }).waitFor()

    const res = await fetch(`${server.url}/api/auth/user`, { headers: { authorization: `Bearer ${raw.replace(/^Bearer\s+/i, '')}` } })
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: { params: { reason: string } } }).error.params.reason).toBe('account_blocked')

    // Bob sits on his profile: the block reaches his browser over realtime.
    await bob.page.waitForURL(/\/auth\/login\?/)
    await bob.page.getByTestId('login-reason').getByText('заблокирована', { exact: false }).waitFor()
    expect(new URL(bob.page.url()).searchParams.get('redirect')).toBe('/profile')
    await saveScreenshot(bob.page, 'security-blocked-login.png')
    expect(bob.pageErrors).toEqual([])
  })

  it('the admin audit page lists entries, filters them, and the chain verifies', async () => {
    const { page, pageErrors } = opened[0]!
    await page.goto(`${server.url}/admin/audit`)
    // expect.poll gives up after 1 s by default: a loaded machine (the worker runs in this process) renders later.
    await expect.poll(() => page.getByTestId('history-entry').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    await page.getByTestId('history-entry').getByText('Личные данные изменены').first().waitFor()
    // The block from the previous step, by the admin.
    await page.getByTestId('history-entry').getByText('Учётная запись заблокирована').first().waitFor()

    // Filter by a date range that ends yesterday: nothing.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
    await field(page, 'audit-to').fill(yesterday)
    await expect.poll(() => page.getByTestId('audit-total').textContent(), { timeout: 15_000 }).toContain('0')
    await expect.poll(() => page.getByTestId('history-entry').count(), { timeout: 15_000 }).toBe(0)
    await field(page, 'audit-to').fill('')
    await expect.poll(() => page.getByTestId('history-entry').count(), { timeout: 15_000 }).toBeGreaterThan(0)

    await page.getByTestId('audit-verify').click()
    await page.getByTestId('audit-chain').getByText('Цепочка цела', { exact: false }).waitFor()
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'security-admin-audit.png')

    // Someone edits a row behind the app's back: the check names it.
    // (The table refuses UPDATE by trigger; a superuser can still switch it off.)
    await sql.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`)
    await sql.query(`UPDATE audit_log SET entity_id = 'tampered' WHERE id = (SELECT min(id) FROM audit_log)`)
    await sql.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`)
    await page.getByTestId('audit-verify').click()
    await page.getByTestId('audit-chain').getByText('Цепочка нарушена', { exact: false }).waitFor()
    expect(pageErrors).toEqual([])
  })

  it('changes the password: a weak one is refused in Russian, API tokens are revoked by default (checkbox checked)', async () => {
    await activeAccount(CAROL, CAROL_PASSWORD)
    const json = { 'content-type': 'application/json' }
    const signIn = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: CAROL, password: CAROL_PASSWORD }) })
    const { accessToken } = (await signIn.json()) as { accessToken: string }
    const created = await fetch(`${server.url}/api/auth/tokens`, { method: 'POST', headers: { ...json, authorization: `Bearer ${accessToken}` }, body: JSON.stringify({ name: 'CRM' }) })
    const { token: apiToken } = (await created.json()) as { token: string }
    const asToken = () => fetch(`${server.url}/api/auth/user`, { headers: { authorization: `Bearer ${apiToken}` } }).then((r) => r.status)
    expect(await asToken()).toBe(200)

    const { page, pageErrors } = await phonePage()
    await login(page, CAROL, CAROL_PASSWORD)
    await page.goto(`${server.url}/profile/security`)
    const form = page.getByTestId('password-change-form')
    // Checked by default.
    await expect.poll(() => page.getByTestId('password-revoke-tokens').getAttribute('aria-checked'), { timeout: 30_000 }).toBe('true')

    await field(page, 'password-current').fill(CAROL_PASSWORD)
    await field(page, 'password-new').fill('password1')
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/auth/password/change'), { timeout: 60_000 })
    await page.getByTestId('password-submit').click()
    expect((await refused).status()).toBe(400)
    // The estimator's warning, in the reader's language (not the library's English).
    const weak = form.getByText('Это распространённый пароль', { exact: false })
    await weak.waitFor()
    await saveScreenshot(page, 'security-password-weak.png')

    await field(page, 'password-new').fill('Vesna-Tulpan-7731')
    // The refusal goes once the field changes; clicking before would hit a button still moving up.
    await expect.poll(() => weak.count(), { timeout: 30_000 }).toBe(0)
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/password/change'), { timeout: 60_000 })
    await page.getByTestId('password-submit').click()
    expect((await answer).status()).toBe(200)
    await page.getByTestId('password-done').waitFor()
    expect(await asToken()).toBe(401)
    expect(pageErrors).toEqual([])
  })
})
