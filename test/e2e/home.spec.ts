import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { PHONE, launchBrowser, openPage, saveScreenshot } from '../helpers/browser'
import { createTestDatabase } from '../helpers/db'
import { openInLanguage, urlIn } from '../helpers/i18n'
import { startBuiltServer, type TBuiltServer } from '../helpers/server'

// What a visitor does first: opens the home page in their language, switches
// language, lands on a broken link. Runs against the production build (.output).
const HERO = {
  ru: 'Юридические документы онлайн',
  kk: 'Заңды құжаттар онлайн',
  en: 'Legal documents online',
} as const

let db: Awaited<ReturnType<typeof createTestDatabase>>
let server: TBuiltServer
let browser: Browser

beforeAll(async () => {
  // Its own migrated database: the catalog is one of the pages visited, and the default
  // database of a fresh machine has no tables (the page would be the 503 error page).
  db = await createTestDatabase('e2e_home')
  server = await startBuiltServer({ env: { DATABASE_URL: db.url } })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await db?.drop()
})

describe('home page', () => {
  // The language is in the URL (/, /kk, /en); a browser's own language does not move it.
  it.each([
    ['ru', { locale: 'en-US' }],
    ['kk', { locale: 'ru-RU' }],
    ['en', { locale: 'ru-RU' }],
  ] as const)('renders in %s at that language’s URL, whatever the browser asks for', async (lang, options) => {
    const { page, context, foreignRequests, pageErrors } = await openPage(browser, server.url, options)
    const res = await openInLanguage(page, server.url, '/', lang)
    // Server-rendered already, not only after hydration.
    expect(await res!.text()).toContain(HERO[lang])
    await expect.poll(() => page.getByTestId('hero-title').textContent()).toContain(HERO[lang])
    expect(await page.locator('html').getAttribute('lang')).toBe(lang)
    await page.waitForLoadState('networkidle')
    // Icons come from our own server bundle, fonts are off: nothing may leave for public APIs.
    expect(foreignRequests).toEqual([])
    expect(pageErrors).toEqual([])
    await context.close()
  })

  it('switches language with the header switch and keeps it across a reload', async () => {
    const { page, context, pageErrors } = await openPage(browser, server.url, { locale: 'ru-RU' })
    await page.goto(`${server.url}/`)
    await page.waitForLoadState('networkidle')
    await expect.poll(() => page.getByTestId('hero-title').textContent()).toContain(HERO.ru)

    await page.getByTestId('lang-kk').click()
    await page.waitForURL(urlIn(server.url, '/', 'kk'))
    await expect.poll(() => page.getByTestId('hero-title').textContent()).toContain(HERO.kk)

    const reloaded = await page.reload()
    expect(await reloaded!.text()).toContain(HERO.kk)
    await expect.poll(() => page.getByTestId('hero-title').textContent()).toContain(HERO.kk)

    await page.getByTestId('lang-en').click()
    await page.waitForURL(urlIn(server.url, '/', 'en'))
    await expect.poll(() => page.getByTestId('hero-title').textContent()).toContain(HERO.en)
    expect(pageErrors).toEqual([])
    await context.close()
  })
  // The header's links are plain anchors (SiteLink), not NuxtLink: they must still move
  // inside the app and load the next page's code only when a person goes for them.
  it('header links load the next page’s code when pointed at and navigate without reloading the document', async () => {
    const { page, context, pageErrors } = await openPage(browser, server.url, { locale: 'ru-RU' })
    await page.goto(`${server.url}/kk`)
    await page.waitForLoadState('networkidle')
    const scripts: string[] = []
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url())
    })
    await page.evaluate(() => ((window as unknown as { d24SameDocument: boolean }).d24SameDocument = true))
    const link = page.locator('header nav a[href="/kk/catalog"]')
    await link.hover()
    await expect.poll(() => scripts.length).toBeGreaterThan(0)
    await link.click()
    await page.waitForURL(urlIn(server.url, '/catalog', 'kk'))
    await page.getByTestId('catalog-search').waitFor()
    expect(await page.evaluate(() => (window as unknown as { d24SameDocument?: boolean }).d24SameDocument)).toBe(true)
    expect(await page.locator('html').getAttribute('lang')).toBe('kk')
    expect(pageErrors).toEqual([])
    await context.close()
  })
})

describe('icons', () => {
  // Their CSS is in the built stylesheet (scripts/lib/static-icons.ts): a server render
  // neither computes it nor inlines it, and the browser has none to add after hydration.
  it.each(['/', '/catalog', '/auth/login', '/no-such-page'])('%s: drawn from the stylesheet, none inlined by the server or added in the browser', async (path) => {
    const { page, context, pageErrors } = await openPage(browser, server.url)
    const res = await page.goto(`${server.url}${path}`)
    const html = await res!.text()
    const inlineStyles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]!)
    expect(inlineStyles.filter((css) => css.includes('i-lucide'))).toEqual([])
    expect(html).toMatch(/class="iconify i-lucide:/)
    await page.waitForLoadState('networkidle')
    const icons = await page.evaluate(() =>
      [...document.querySelectorAll('span.iconify')].map((el) => {
        const s = getComputedStyle(el)
        return { icon: [...el.classList].find((c) => c.startsWith('i-lucide:')), mask: s.maskImage || s.webkitMaskImage }
      }),
    )
    expect(icons.length).toBeGreaterThan(0)
    // Every icon has its SVG mask (an icon without its CSS is an empty span: mask-image none).
    expect(icons.filter((i) => !i.mask?.startsWith('url('))).toEqual([])
    const added = await page.evaluate(() => [...document.querySelectorAll('head style')].filter((s) => s.textContent?.includes('i-lucide')).length)
    expect(added).toBe(0)
    expect(pageErrors).toEqual([])
    await context.close()
  })
})

describe('not found page', () => {
  it.each([
    ['ru', 'Страница не найдена'],
    ['kk', 'Бет табылмады'],
    ['en', 'Page not found'],
  ] as const)('is translated (%s) and links home', async (lang, title) => {
    const { page, context } = await openPage(browser, server.url)
    const res = await openInLanguage(page, server.url, `/no-such-page-${lang}`, lang)
    expect(res!.status()).toBe(404)
    await expect.poll(() => page.getByTestId('error-title').textContent()).toContain(title)
    await page.getByTestId('error-home').click()
    await page.waitForURL(urlIn(server.url, '/', lang))
    await expect.poll(() => page.getByTestId('hero-title').textContent()).toContain(HERO[lang])
    await context.close()
  })
})

describe('phone-sized screen', () => {
  it('fits 390x844 without sideways scrolling, menu opens; screenshot saved', async () => {
    const { page, context } = await openPage(browser, server.url, { viewport: PHONE, locale: 'ru-RU', isMobile: true, hasTouch: true })
    await page.goto(`${server.url}/`)
    await page.waitForLoadState('networkidle')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await page.getByTestId('mobile-menu').tap()
    await expect.poll(() => page.getByRole('link', { name: 'Конструктор' }).first().isVisible()).toBe(true)
    await page.getByTestId('mobile-menu').tap()
    const path = await saveScreenshot(page, 'home-390x844.png')
    expect(path).toMatch(/home-390x844\.png$/)
    await context.close()
  })
})
