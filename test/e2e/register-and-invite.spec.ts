import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { PHONE, openPage, saveScreenshot, type TTrackedPage } from '../helpers/browser'
import { field, noSidewaysScroll, startE2eApp, validBin, type TE2eApp } from '../helpers/e2e-app'

// The whole identity path a new company goes through, in a phone-sized Chromium
// against the production build and a fresh database: sign up, confirm by the
// emailed link (read from the sandbox outbox), sign in, create a workspace,
// invite a colleague, who signs up, confirms, opens the invitation and accepts.

const PASSWORD = 'Secret-pass-42'
const stamp = Date.now().toString(36)
const OWNER = `owner-${stamp}@example.kz`
const COLLEAGUE = `colleague-${stamp}@example.kz`
const COMPANY = `ТОО Тест ${stamp}`

let app: TE2eApp
let db: TE2eApp['db']
let sql: TE2eApp['sql']
let server: TE2eApp['server']
let browser: TE2eApp['browser']
let opened: TE2eApp['opened']

beforeAll(async () => {
  app = await startE2eApp('e2e_invite')
  ;({ db, sql, server, browser, opened } = app)
})

afterAll(async () => {
  await app?.close()
})

// A failing step leaves a picture of every open page, so the failure can be seen.
afterEach((ctx) => app?.screenshotOnFail(ctx, 'identity'))

async function phonePage(): Promise<TTrackedPage> {
  const tracked = await openPage(browser, server.url, { viewport: PHONE, locale: 'ru-RU', isMobile: true, hasTouch: true })
  opened.push(tracked)
  tracked.page.on('pageerror', (e) => console.log('PAGEERR', opened.indexOf(tracked), tracked.page.url(), e.stack))
  return tracked
}

async function register(page: Page, email: string, shot?: string) {
  await page.goto(`${server.url}/auth/register`)
  await page.waitForLoadState('networkidle')
  await field(page, 'register-email').fill(email)
  await field(page, 'register-password').fill(PASSWORD)
  await page.getByTestId('register-terms').click()
  if (shot) await saveScreenshot(page, shot)
  await noSidewaysScroll(page)
  await page.getByTestId('register-submit').click()
  // The verification page prefills the address: it says where the link went and can send it again.
  await page.waitForURL((u) => u.pathname === '/auth/verify' && u.searchParams.get('email') === email)
  const pending = page.getByTestId('verify-email')
  await pending.getByText(email, { exact: false }).waitFor()
  await pending.getByTestId('resend').waitFor()
}

async function verifyByEmailLink(page: Page, email: string) {
  const link = await app.linkFromOutbox(email, '/auth/verify?token=')
  expect(link.startsWith(server.url)).toBe(true)
  await page.goto(link)
  await page.getByTestId('verify-done').waitFor()
}

async function login(page: Page, email: string) {
  await field(page, 'login-identifier').fill(email)
  await field(page, 'login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
}

describe('register → verify → login → workspace → invite → accept', () => {
  let workspaceUrl = ''

  it('a new user signs up, confirms the email link, signs in and sees the profile', async () => {
    const { page, context, pageErrors } = await phonePage()
    // Bad input first: the API's answer is shown next to the field.
    await page.goto(`${server.url}/auth/register`)
    await page.waitForLoadState('networkidle')
    await field(page, 'register-email').fill(OWNER)
    await field(page, 'register-password').fill('short')
    await page.getByTestId('register-terms').click()
    await page.getByTestId('register-submit').click()
    await expect.poll(() => page.getByText('Пароль короче 8 символов').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    await saveScreenshot(page, 'identity-register-error.png')

    await register(page, OWNER, 'identity-register.png')
    await saveScreenshot(page, 'identity-register-done.png')
    await verifyByEmailLink(page, OWNER)
    await page.getByTestId('verify-login').click()
    await page.waitForURL(/\/auth\/login/)
    await login(page, OWNER)
    // No workspace of their own yet: the first sign-in lands on the next steps.
    await page.waitForURL(/\/welcome$/)
    await page.goto(`${server.url}/profile`)
    await page.getByTestId('profile-personal').getByText(OWNER).waitFor()
    await page.getByTestId('profile-nav-sessions').click()
    await page.getByTestId('profile-sessions').getByText('Это устройство').waitFor()
    await page.getByTestId('profile-nav-history').click()
    await page.getByTestId('profile-history').getByText('вход выполнен').first().waitFor()
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'identity-profile.png')

    // Signed in survives a full reload (server render reads the token cookie).
    await page.reload()
    await page.getByTestId('user-menu').waitFor()

    // Once the 15-minute access token is gone, the kept refresh token signs in again
    // on the next page load, and is rotated.
    const refreshBefore = (await context.cookies()).find((c) => c.name === 'auth.refresh-token')?.value
    expect(refreshBefore).toBeTruthy()
    await context.clearCookies({ name: 'auth.token' })
    await page.goto(`${server.url}/profile`)
    await page.getByTestId('profile-personal').getByText(OWNER).waitFor()
    const after = await context.cookies()
    expect(after.find((c) => c.name === 'auth.token')?.value).toBeTruthy()
    expect(after.find((c) => c.name === 'auth.refresh-token')?.value).not.toBe(refreshBefore)
    expect(pageErrors).toEqual([])
  })

  it('the owner creates a company workspace (a wrong BIN is refused in place) and invites a colleague', async () => {
    const { page, pageErrors } = opened[0]!
    await page.goto(`${server.url}/workspace`)
    await page.getByTestId('workspace-list').getByText('Личное пространство').waitFor()
    await field(page, 'ws-name').fill(COMPANY)
    await field(page, 'ws-bin').fill('123456789012')
    await page.getByTestId('ws-create').click()
    const binError = page.getByTestId('workspace-create').getByText('проверьте цифры', { exact: false })
    await expect.poll(() => binError.count()).toBeGreaterThan(0)

    await field(page, 'ws-bin').fill(validBin())
    // The message goes once the field is re-checked (as a person sees before tapping again).
    await expect.poll(() => binError.count()).toBe(0)
    await page.getByTestId('ws-create').click()
    await page.waitForURL(/\/workspace\/[0-9a-f-]{36}/)
    workspaceUrl = page.url().split('?')[0]!
    await expect.poll(() => page.getByTestId('page-title').textContent()).toContain(COMPANY)

    await page.getByRole('tab', { name: 'Приглашения' }).click()
    await field(page, 'invite-email').fill('not-an-email')
    // The form's message, not the browser's bubble (which stopped the submit before the form's
    // own check could run: useApiForm's novalidate).
    expect(await page.getByTestId('invite-form').locator('form').getAttribute('novalidate')).not.toBeNull()
    await page.getByTestId('invite-submit').click()
    await page.getByTestId('invite-form').getByText('name@example.com', { exact: false }).waitFor()
    await field(page, 'invite-email').fill(COLLEAGUE)
    await expect.poll(() => page.getByTestId('invite-form').getByText('name@example.com', { exact: false }).count()).toBe(0)
    await page.getByTestId('invite-submit').click()
    await page.getByTestId('invite-sent').waitFor()
    await page.getByTestId('invite-list').getByText(COLLEAGUE).waitFor()
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'identity-workspace-invites.png')
    expect(pageErrors).toEqual([])
  })

  it('the colleague signs up, confirms, opens the invitation, signs in on the way and accepts', async () => {
    const { page, context, pageErrors } = await phonePage()
    await register(page, COLLEAGUE)
    await verifyByEmailLink(page, COLLEAGUE)

    const invite = await app.linkFromOutbox(COLLEAGUE, '/workspace/invites/')
    await page.goto(invite)
    // Anonymous: the invitation says what it is and offers sign-in that comes back here.
    await page.getByTestId('invite-preview').getByText(COMPANY, { exact: false }).waitFor()
    await page.getByTestId('invite-sign-in').click()
    await page.waitForURL(/\/auth\/login\?redirect=/)
    await login(page, COLLEAGUE)
    await page.waitForURL(/\/workspace\/invites\//)
    await page.getByTestId('accept-invite').click()
    await page.waitForURL(workspaceUrl)
    await page.getByTestId('workspace-members').getByText(COLLEAGUE).waitFor()
    // The joined workspace became the current one (sent as x-workspace-id from now on).
    const current = (await context.cookies()).find((c) => c.name === 'd24.workspace')?.value
    expect(workspaceUrl.endsWith(`/workspace/${current}`)).toBe(true)
    expect(pageErrors).toEqual([])
  })

  it('the owner sees the colleague among the members', async () => {
    const { page, pageErrors } = opened[0]!
    await page.goto(workspaceUrl)
    const members = page.getByTestId('workspace-members')
    await members.getByText(COLLEAGUE).waitFor()
    await members.getByText(OWNER).first().waitFor()
    expect(await page.getByTestId('member-row').count()).toBe(2)
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'identity-workspace-members.png')
    expect(pageErrors).toEqual([])
  })

  it('an admin finds users, and a non-admin is refused the admin pages', async () => {
    const colleague = opened[1]!.page
    await colleague.goto(`${server.url}/admin/users`)
    // Waits sized for a busy machine: expect.poll's 1 s default failed while pages were still loading.
    await expect.poll(() => colleague.getByTestId('error-title').textContent(), { timeout: 30_000 }).toContain('Нет доступа')

    await sql.query(`UPDATE users SET roles = ARRAY['user','admin'] WHERE email = $1`, [OWNER])
    const { page, pageErrors } = opened[0]!
    await page.goto(`${server.url}/admin/users`)
    await expect.poll(() => page.getByTestId('user-row').count(), { timeout: 30_000 }).toBe(2)
    await field(page, 'users-search').fill('colleague')
    await expect.poll(() => page.getByTestId('user-row').count(), { timeout: 30_000 }).toBe(1)
    await page.getByTestId('user-row').getByText(COLLEAGUE).waitFor()
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'identity-admin-users.png')
    expect(pageErrors).toEqual([])
  })
})
