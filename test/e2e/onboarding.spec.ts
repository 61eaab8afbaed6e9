import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { LEGAL_VERSIONS } from '../../shared/legal'
import { isValidBin } from '../../shared/identity-numbers'
import { PHONE, openPage, saveScreenshot, type TTrackedPage } from '../helpers/browser'
import { activeAccount, field, noSidewaysScroll, startE2eApp, type TE2eApp } from '../helpers/e2e-app'

// A newcomer's first steps in Chromium against the production build: the sign-up entry in
// the header and the hero, the consent the registration requires, the next-step page after
// the first sign-in, an invitation opened before the invitee has an account (it names the
// workspace, role and inviter, and registration comes back to it), and the header's
// workspace switcher agreeing with the workspace page, unverified company claims marked.

const PASSWORD = 'Secret-pass-42'
const stamp = Date.now().toString(36)
const DESKTOP = { width: 1366, height: 900 }

let app: TE2eApp
beforeAll(async () => {
  app = await startE2eApp('e2e_onboard')
})
afterAll(async () => {
  await app?.close()
})
afterEach((ctx) => app?.screenshotOnFail(ctx, 'onboarding'))

async function newPage(viewport = DESKTOP): Promise<TTrackedPage> {
  const tracked = await openPage(app.browser, app.server.url, {
    viewport,
    locale: 'ru-RU',
    ...(viewport === PHONE ? { isMobile: true, hasTouch: true } : {}),
  })
  app.opened.push(tracked)
  return tracked
}

async function api<T = any>(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await fetch(`${app.server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  return { status: res.status, body: (await res.json().catch(() => null)) as T }
}

async function tokenOf(email: string): Promise<string> {
  const r = await api<{ accessToken: string }>('/api/auth/login', { method: 'POST', body: { email, password: PASSWORD } })
  expect(r.status).toBe(200)
  return r.body.accessToken
}

async function fillLogin(page: Page, email: string) {
  await field(page, 'login-identifier').fill(email)
  await field(page, 'login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
}

/** Fills the sign-up form; `consent` ticks the terms box. */
async function fillRegister(page: Page, email: string, consent: boolean) {
  await page.waitForLoadState('networkidle')
  await field(page, 'register-email').fill(email)
  await field(page, 'register-password').fill(PASSWORD)
  if (consent) await page.getByTestId('register-terms').click()
  await page.getByTestId('register-submit').click()
}

function bins(n: number): string[] {
  const out: string[] = []
  for (let serial = 1; out.length < n; serial++) {
    const stem = `2101400${String(serial + 5000).padStart(4, '0')}`
    for (let d = 0; d <= 9; d++) if (isValidBin(stem + d)) { out.push(stem + d); break }
  }
  return out
}

describe('onboarding', () => {
  it('the header (phone and desktop) and the hero offer sign-up', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const { page, pageErrors } = await newPage(viewport)
      await page.goto(app.server.url)
      await page.waitForLoadState('networkidle')
      const header = page.getByTestId('header-sign-up')
      expect(await header.isVisible()).toBe(true)
      expect(await page.getByTestId('hero-sign-up').isVisible()).toBe(true)
      await noSidewaysScroll(page)
      // Everything in the header stays on the screen (a phone widens its layout viewport to fit, so measure the menu button).
      const right = await page.getByTestId(viewport === PHONE ? 'mobile-menu' : 'header-sign-up').evaluate((el) => el.getBoundingClientRect().right)
      expect(right).toBeLessThanOrEqual(viewport.width)
      if (viewport === PHONE) await saveScreenshot(page, 'onboarding-home-phone.png')
      await header.click()
      await page.waitForURL(/\/auth\/register$/)
      await page.getByTestId('register-submit').waitFor()
      expect(pageErrors).toEqual([])
    }
  })

  it('registration requires consent to the terms and privacy policy, which exist with their version', async () => {
    const email = `noconsent-${stamp}@example.kz`
    const { page, pageErrors } = await newPage(PHONE)
    await page.goto(`${app.server.url}/auth/register`)
    await fillRegister(page, email, false)
    await page.getByText('Примите условия использования и политику конфиденциальности').waitFor()
    await saveScreenshot(page, 'onboarding-consent-required.png')
    expect(new URL(page.url()).pathname).toBe('/auth/register')
    expect((await app.sql.query('SELECT 1 FROM users WHERE email = $1', [email])).rowCount).toBe(0)
    // The API refuses it too: the schema is the form's.
    const r = await api('/api/auth/register', { method: 'POST', body: { email, password: PASSWORD } })
    expect(r.status).toBe(400)

    // The checkbox's label links both texts.
    for (const kind of ['terms', 'privacy'] as const) expect(await page.locator(`a[href="/legal/${kind}"]`).count()).toBe(1)
    for (const kind of ['terms', 'privacy'] as const) {
      await page.goto(`${app.server.url}/legal/${kind}`)
      await page.getByTestId('legal-draft').waitFor()
      expect(await page.getByTestId('legal-version').textContent()).toContain(LEGAL_VERSIONS[kind])
    }
    expect(pageErrors).toEqual([])
  })

  it('the first sign-in lands on the next steps; a later one with a redirect goes there', async () => {
    const email = `first-${stamp}@example.kz`
    const { page, pageErrors } = await newPage(PHONE)
    await page.goto(`${app.server.url}/auth/register`)
    await fillRegister(page, email, true)
    await page.waitForURL((u) => u.pathname === '/auth/verify' && u.searchParams.get('email') === email)
    await page.getByTestId('verify-email').waitFor()
    const consents = await app.sql.query(
      `SELECT c.kind, c.version FROM user_consents c JOIN users u ON u.id = c.user_id WHERE u.email = $1 ORDER BY kind`,
      [email],
    )
    expect(consents.rows).toEqual([
      { kind: 'privacy', version: LEGAL_VERSIONS.privacy },
      { kind: 'terms', version: LEGAL_VERSIONS.terms },
    ])
    await page.goto(await app.linkFromOutbox(email, '/auth/verify?token='))
    await page.getByTestId('verify-login').click()
    await page.waitForURL(/\/auth\/login/)
    await fillLogin(page, email)
    await page.waitForURL((u) => u.pathname === '/welcome')
    await page.getByTestId('welcome-catalog').waitFor()
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'onboarding-welcome.png')

    const later = await newPage(PHONE)
    await later.page.goto(`${app.server.url}/auth/login?redirect=${encodeURIComponent('/workspace')}`)
    await later.page.waitForLoadState('networkidle')
    await fillLogin(later.page, email)
    await later.page.waitForURL((u) => u.pathname === '/workspace')
    expect(pageErrors).toEqual([])
    expect(later.pageErrors).toEqual([])
  })

  it('an anonymous invitee sees who invites them where, registers, confirms, signs in and lands back on the invitation, and accepts', async () => {
    const owner = `inviter-${stamp}@example.kz`
    const invitee = `invitee-${stamp}@example.kz`
    const company = `ТОО Приглашение ${stamp}`
    await activeAccount(app, owner, PASSWORD)
    const token = await tokenOf(owner)
    await api('/api/auth/user', { method: 'PATCH', token, body: { name: 'Айгерим Ахметова' } })
    const ws = await api<{ id: string }>('/api/workspace', { method: 'POST', token, body: { name: company, bin: bins(1)[0] } })
    expect(ws.status).toBe(201)
    expect((await api(`/api/workspace/${ws.body.id}/invites`, { method: 'POST', token, body: { email: invitee, role: 'admin' } })).status).toBe(201)
    const link = await app.linkFromOutbox(invitee, '/workspace/invites/')

    const { page, pageErrors } = await newPage(PHONE)
    await page.goto(link)
    const preview = page.getByTestId('invite-preview')
    await preview.waitFor()
    const text = await preview.textContent()
    expect(text).toContain(company)
    expect(text).toContain('Айгерим Ахметова')
    expect(text).toContain('Администратор')
    await noSidewaysScroll(page)
    await saveScreenshot(page, 'onboarding-invite-anonymous.png')

    await page.getByTestId('invite-register').click()
    await page.waitForURL(/\/auth\/register\?redirect=/)
    await page.getByTestId('register-invited').waitFor()
    await fillRegister(page, invitee, true)
    // The verification page has the address and keeps the way back to the invitation.
    await page.waitForURL((u) => u.pathname === '/auth/verify' && u.searchParams.get('email') === invitee && u.searchParams.get('redirect') === new URL(link).pathname)
    await page.getByTestId('verify-email').getByText(invitee, { exact: false }).waitFor()
    // The emailed link opens without the redirect; the way back must survive anyway.
    await page.goto(await app.linkFromOutbox(invitee, '/auth/verify?token='))
    await page.getByTestId('verify-login').click()
    await page.waitForURL(/\/auth\/login\?redirect=/)
    await fillLogin(page, invitee)
    await page.waitForURL((u) => u.pathname === new URL(link).pathname)
    await page.getByTestId('accept-invite').click()
    await page.waitForURL(new RegExp(`/workspace/${ws.body.id}`))
    await page.getByTestId('workspace-members').getByText(invitee).waitFor()
    expect(pageErrors).toEqual([])
  })

  it('the header switcher names the workspace of the page, in full up to 24 characters; unverified claims are marked', async () => {
    const email = `switch-${stamp}@example.kz`
    const rival = `rival-${stamp}@example.kz`
    await activeAccount(app, email, PASSWORD)
    await activeAccount(app, rival, PASSWORD)
    const token = await tokenOf(email)
    const [binA, binB] = bins(3).slice(1)
    const nameA = 'ТОО «Алматы Консалтинг»' // 23 characters: must show whole
    const nameB = 'Товарищество с ограниченной ответственностью «Очень длинное название компании»'
    const a = await api<{ id: string }>('/api/workspace', { method: 'POST', token, body: { name: nameA, bin: binA } })
    // The rival took B's BIN first: this user's B is an unverified claim.
    expect((await api('/api/workspace', { method: 'POST', token: await tokenOf(rival), body: { name: 'Настоящее ТОО', bin: binB } })).status).toBe(201)
    const b = await api<{ id: string; companyVerification: string }>('/api/workspace', { method: 'POST', token, body: { name: nameB, bin: binB } })
    expect(b.body.companyVerification).toBe('unverified')

    const { page, pageErrors } = await newPage(DESKTOP)
    await page.goto(`${app.server.url}/auth/login?redirect=${encodeURIComponent(`/workspace/${a.body.id}`)}`)
    await page.waitForLoadState('networkidle')
    await fillLogin(page, email)
    await page.waitForURL((u) => u.pathname === `/workspace/${a.body.id}`)
    const switcher = page.getByTestId('workspace-switcher')
    await expect.poll(() => switcher.textContent(), { timeout: 15_000 }).toContain(nameA)
    // Not cut: the shown value fits its box.
    const cut = await switcher.evaluate((el) => {
      const v = el.querySelector('span.truncate') as HTMLElement | null
      return v ? v.scrollWidth > v.clientWidth : true
    })
    expect(cut).toBe(false)

    await page.goto(`${app.server.url}/workspace/${b.body.id}`)
    await expect.poll(() => switcher.textContent(), { timeout: 15_000 }).toContain('Товарищество')
    expect(await switcher.getAttribute('title')).toContain(nameB)
    expect(await switcher.getAttribute('data-unverified')).toBe('true')
    await page.getByTestId('workspace-unverified').waitFor()
    await page.getByTestId('workspace-unverified-badge').waitFor()
    await saveScreenshot(page, 'onboarding-switcher-unverified.png')
    // Back with the browser: the switcher follows the page again.
    await page.goBack()
    await page.waitForURL((u) => u.pathname === `/workspace/${a.body.id}`)
    await expect.poll(() => switcher.textContent(), { timeout: 15_000 }).toContain(nameA)
    expect(await switcher.getAttribute('data-unverified')).toBeNull()

    await page.goto(`${app.server.url}/workspace`)
    await page.getByTestId('list-unverified').waitFor()
    expect(await page.getByTestId('list-unverified').count()).toBe(1)
    expect(pageErrors).toEqual([])
  })
})
