import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openPage, type TTrackedPage } from '../helpers/browser'
import { activeAccount, signIn, startE2eApp, type TE2eApp } from '../helpers/e2e-app'

// The built app under its Content-Security-Policy in Chromium, with GTM and Metrica
// configured (their hosts must be allowed): zero CSP violations over the public, the
// signed-in and the admin pages; the security headers on a page and on an API route;
// and the refresh token out of reach of page scripts while the session still refreshes.

const ADMIN = `csp-admin-${Date.now().toString(36)}@example.kz`
const PASSWORD = 'Csp-pass-42'

let app: TE2eApp

beforeAll(async () => {
  app = await startE2eApp('e2e_csp', { env: { NUXT_PUBLIC_GTM_ID: 'GTM-TEST123', NUXT_PUBLIC_YANDEX_METRICA_ID: '12345678' } })
  await activeAccount(app, ADMIN, PASSWORD)
  await app.sql.query(`UPDATE users SET roles = ARRAY['user','admin'] WHERE email = $1`, [ADMIN])
})

afterAll(async () => {
  await app?.close()
})

afterEach((ctx) => app?.screenshotOnFail(ctx, 'csp'))

interface TCspWatch {
  tracked: TTrackedPage
  violations: () => Promise<string[]>
}

/** A page that records CSP violations: the DOM event (all kinds) and Chromium's console line. */
async function watchedPage(): Promise<TCspWatch> {
  const tracked = await openPage(app.browser, app.server.url, { locale: 'ru-RU' })
  app.opened.push(tracked)
  const consoleLines: string[] = []
  tracked.page.on('console', (m) => {
    if (/Content[ -]Security[ -]Policy/i.test(m.text())) consoleLines.push(m.text())
  })
  await tracked.page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] }
    w.__csp = []
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`))
  })
  // The trackers answer empty scripts here: no internet, and their own code is not ours to test.
  await tracked.context.route(/googletagmanager\.com|mc\.yandex\.ru/, (route) => route.fulfill({ status: 200, contentType: 'application/javascript', body: '' }))
  return {
    tracked,
    violations: async () => {
      const fromDom: string[] = []
      for (const p of tracked.context.pages()) fromDom.push(...(await p.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []).catch(() => [])))
      return [...fromDom, ...consoleLines]
    },
  }
}

async function visit(page: Page, path: string, ready: string) {
  await page.goto(`${app.server.url}${path}`)
  await page.waitForLoadState('networkidle')
  await page.getByTestId(ready).first().waitFor()
}

describe('content security policy and security headers', () => {
  it('sends the security headers on a page and on an API route', async () => {
    const page = await fetch(`${app.server.url}/auth/login`)
    expect(page.status).toBe(200)
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain('https://www.googletagmanager.com')
    expect(csp).toContain('https://mc.yandex.ru')
    expect(csp).not.toContain("'unsafe-inline' 'unsafe-eval'")
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]
    const html = await page.text()
    // Every script tag of the page carries this response's nonce.
    const scripts = html.match(/<script\b[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)

    const api = await fetch(`${app.server.url}/api/auth/user`)
    expect(api.status).toBe(401)
    for (const res of [page, api]) {
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    }
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'")
    // The built server runs in production: HSTS on (browsers heed it only over TLS).
    expect(page.headers.get('strict-transport-security')).toMatch(/^max-age=\d+; includeSubDomains$/)
  })

  it('renders home, login, register, profile and the admin pages with zero CSP violations', async () => {
    const { tracked, violations } = await watchedPage()
    const { page } = tracked
    await page.goto(`${app.server.url}/`)
    await page.waitForLoadState('networkidle')
    await visit(page, '/auth/register', 'register-submit')
    await visit(page, '/auth/login', 'login-submit')
    await signIn(page, app.server.url, ADMIN, PASSWORD)
    await page.getByTestId('profile-personal').waitFor()
    for (const path of ['/admin/users', '/admin/audit', '/admin/events', '/admin/integrations']) {
      await page.goto(`${app.server.url}${path}`)
      await page.waitForLoadState('networkidle')
    }
    // Client-side navigation too (scripts loaded after hydration).
    await page.goto(`${app.server.url}/profile`)
    await page.waitForLoadState('networkidle')
    expect(await violations()).toEqual([])
    expect(tracked.pageErrors).toEqual([])
  })

  it('keeps the refresh token out of document.cookie, and the session still refreshes', async () => {
    const { tracked } = await watchedPage()
    const { page, context } = tracked
    await signIn(page, app.server.url, ADMIN, PASSWORD)
    const cookies = await context.cookies()
    const refresh = cookies.find((c) => c.name === 'auth.refresh-token')
    expect(refresh?.value).toBeTruthy()
    expect(refresh?.httpOnly).toBe(true)
    expect(refresh?.sameSite).toBe('Lax')
    const visible = await page.evaluate(() => document.cookie)
    expect(visible).not.toContain('auth.refresh-token')
    expect(visible).not.toContain(refresh!.value)

    // In the browser: the refresh route reads the cookie and rotates it.
    const answer = await page.evaluate(async () => {
      const r = await fetch('/api/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      return { status: r.status, body: (await r.json()) as Record<string, unknown> }
    })
    expect(answer.status).toBe(200)
    expect(answer.body.accessToken).toBeTruthy()
    expect(answer.body).not.toHaveProperty('refreshToken')
    const rotated = (await context.cookies()).find((c) => c.name === 'auth.refresh-token')
    expect(rotated?.value).toBeTruthy()
    expect(rotated?.value).not.toBe(refresh!.value)

    // With the access token gone, the next page load signs in again from the cookie.
    await context.clearCookies({ name: 'auth.token' })
    await page.goto(`${app.server.url}/profile`)
    await page.getByTestId('profile-personal').getByText(ADMIN).waitFor()
    const after = await context.cookies()
    expect(after.find((c) => c.name === 'auth.token')?.value).toBeTruthy()
    expect(after.find((c) => c.name === 'auth.refresh-token')?.value).not.toBe(rotated!.value)
    expect(await page.evaluate(() => document.cookie)).not.toContain('auth.refresh-token')
  })
})
