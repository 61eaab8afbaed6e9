import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openPage } from '../helpers/browser'
import { field, startE2eApp, type TE2eApp } from '../helpers/e2e-app'
import { openInLanguage, urlIn } from '../helpers/i18n'

// A person who signs up on the Kazakh site gets a verification link to the Kazakh page:
// the language is part of the URL, so the link carries /kk/ and the page opens in the
// language the email is written in.
let app: TE2eApp
beforeAll(async () => {
  app = await startE2eApp('e2e_mail_lang')
})
afterAll(async () => {
  await app?.close()
})
afterEach((ctx) => app?.screenshotOnFail(ctx, 'mail-language'))

describe('emailed links in the recipient’s language', () => {
  it('signing up on /kk/auth/register mails a /kk/auth/verify link that opens in Kazakh', async () => {
    const email = `kk-${Date.now().toString(36)}@example.kz`
    const tracked = await openPage(app.browser, app.server.url, { locale: 'ru-RU' })
    app.opened.push(tracked)
    const { page } = tracked
    await openInLanguage(page, app.server.url, '/auth/register', 'kk')
    await page.waitForLoadState('networkidle')
    await field(page, 'register-email').fill(email)
    await field(page, 'register-password').fill('Secret-pass-42')
    await page.getByTestId('register-terms').click()
    await page.getByTestId('register-submit').click()
    // The verification page that follows stays in the language of the sign-up.
    await page.waitForURL((u) => u.pathname === '/kk/auth/verify' && u.searchParams.get('email') === email)
    await page.getByTestId('verify-email').waitFor()

    const link = new URL(await app.linkFromOutbox(email, '/auth/verify?token='))
    expect(link.origin).toBe(app.server.url)
    expect(link.pathname).toBe('/kk/auth/verify')
    // The message itself is Kazakh: the page's language became the account's.
    await app.fromOutbox(email, /Email растаңыз/)

    await page.goto(link.toString())
    await page.getByTestId('verify-done').waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('kk')
    expect(await page.getByTestId('verify-done').innerText()).toContain('Аккаунт расталды')
    await page.getByTestId('verify-login').click()
    await page.waitForURL(urlIn(app.server.url, '/auth/login', 'kk'))
  })
})
