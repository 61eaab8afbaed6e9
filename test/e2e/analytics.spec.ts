import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startFakeSentry, type TFakeSentry } from '../fakes/sentry'
import { launchBrowser, openPage } from '../helpers/browser'
import { startBuiltServer, type TBuiltServer } from '../helpers/server'

// GTM, Metrica and error reporting are off unless configured (home.spec.ts checks
// that nothing leaves the site by default); here they are configured through the
// runtime env of the built server, and the trackers' hosts are intercepted.
describe('analytics and error reporting when configured', () => {
  let server: TBuiltServer
  let browser: Browser
  let sentry: TFakeSentry

  beforeAll(async () => {
    sentry = await startFakeSentry({ project: '7' })
    server = await startBuiltServer({
      env: {
        NUXT_PUBLIC_GTM_ID: 'GTM-TEST123',
        NUXT_PUBLIC_YANDEX_METRICA_ID: '12345678',
        NUXT_PUBLIC_SENTRY_DSN: sentry.dsn,
      },
    })
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await sentry?.stop()
  })

  it('loads GTM and Metrica with the configured ids and reports uncaught errors to the DSN', async () => {
    const { page, context } = await openPage(browser, server.url, { locale: 'ru-RU' })
    const trackers: string[] = []
    await context.route(/googletagmanager\.com|mc\.yandex\.ru/, (route) => {
      trackers.push(route.request().url())
      return route.fulfill({ status: 200, contentType: 'application/javascript', body: '' })
    })
    await page.goto(`${server.url}/`)
    await page.waitForLoadState('networkidle')
    // The trackers load after hydration; on a loaded machine that can follow network idle.
    await expect.poll(() => trackers, { timeout: 15_000, interval: 100 }).toContain('https://www.googletagmanager.com/gtm.js?id=GTM-TEST123')
    await expect.poll(() => trackers, { timeout: 15_000, interval: 100 }).toContain('https://mc.yandex.ru/metrika/tag.js')
    expect(await page.evaluate(() => (window as unknown as { dataLayer: unknown[] }).dataLayer.length)).toBeGreaterThan(0)

    await page.evaluate(() => setTimeout(() => {
      throw new Error('e2e boom')
    }))
    // The fake accepts only envelopes posted to the DSN's project with its key.
    await expect.poll(() => sentry.events().length, { timeout: 5000 }).toBeGreaterThan(0)
    expect(sentry.refused).toBe(0)
    expect(sentry.events()[0]).toMatchObject({
      level: 'error',
      exception: { values: [{ type: 'Error', value: 'e2e boom' }] },
      tags: { region: 'kz' },
    })
    await context.close()
  })
})
