import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage } from '../helpers/browser'
import { openInLanguage, urlIn } from '../helpers/i18n'
import { createTestDatabase } from '../helpers/db'
import { startBuiltServer, type TBuiltServer } from '../helpers/server'

/**
 * Findable (issue 9): each language has its own URL (kz build: `/` Russian, `/kk/…`,
 * `/en/…`), every public page names its canonical URL and its other languages, private
 * pages stay out of the index, robots.txt and sitemap.xml describe the region. Runs
 * against the production build (.output); the ru build is in region-ru.spec.ts.
 */
const HERO = { ru: 'Юридические документы онлайн', kk: 'Заңды құжаттар онлайн', en: 'Legal documents online' } as const
const CATALOG = { ru: 'Каталог документов', kk: 'Құжаттар каталогы', en: 'Document catalog' } as const
const CATALOG_TEXT = {
  ru: 'Договоры, заявления и доверенности по разделам',
  kk: 'Бөлімдер бойынша шарттар, өтініштер',
  en: 'Contracts, applications and powers of attorney by section',
} as const

let server: TBuiltServer
let browser: Browser
let db: Awaited<ReturnType<typeof createTestDatabase>>

beforeAll(async () => {
  // The catalog pages and the sitemap read the content domain: a migrated (empty) database.
  db = await createTestDatabase('e2e_seo')
  server = await startBuiltServer({ env: { DATABASE_URL: db.url } })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await db?.drop()
})

/** What a crawler gets: no cookies, no redirects followed. */
async function crawl(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: { accept: 'text/html', ...headers } })
  return { res, html: await res.text() }
}

/** The attributes of every <tag …> in `html` matching `re`, as objects. */
function tags(html: string, tag: string, re: RegExp): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>`, 'g'))]
    .map((m) => m[0])
    .filter((t) => re.test(t))
    .map((t) => Object.fromEntries([...t.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!.replace(/&amp;/g, '&')])))
}
const meta = (html: string, key: string) => tags(html, 'meta', new RegExp(`(name|property)="${key}"`))[0]?.content

describe('language in the URL', () => {
  it.each([
    ['/', 'ru'],
    ['/kk', 'kk'],
    ['/en', 'en'],
  ] as const)('%s is served in %s to a crawler, without a redirect', async (path, lang) => {
    const { res, html } = await crawl(path)
    expect(res.status).toBe(200)
    expect(html).toMatch(new RegExp(`<html[^>]*lang="${lang}"`))
    expect(html).toContain(HERO[lang])
  })

  it('ignores cookies and Accept-Language: a URL has one language', async () => {
    const { res, html } = await crawl('/', { cookie: 'lang=kk', 'accept-language': 'kk-KZ,kk;q=0.9,en;q=0.5' })
    expect(res.status).toBe(200)
    expect(html).toContain(HERO.ru)
    expect((await crawl('/en/catalog', { cookie: 'lang=kk', 'accept-language': 'kk' })).html).toContain(CATALOG.en)
    expect(res.headers.get('vary') ?? '').not.toMatch(/accept-language/i)
  })

  it('links on a Kazakh page stay in Kazakh', async () => {
    const { html } = await crawl('/kk/catalog')
    expect(html).toContain(CATALOG.kk)
    const hrefs = tags(html, 'a', /href="\//).map((a) => a.href!)
    expect(hrefs).toContain('/kk/chat')
    expect(hrefs).toContain('/kk/auth/login')
    // The language switch links to this page in the other languages.
    expect(hrefs).toEqual(expect.arrayContaining(['/catalog', '/en/catalog']))
    expect(hrefs.filter((h) => /^\/(catalog|chat|constructor|amicus|auth)/.test(h))).toEqual(['/catalog'])
  })

  it('a private page sends the visitor to sign in in the page’s language', async () => {
    const { res } = await crawl('/kk/profile')
    expect([301, 302, 307]).toContain(res.status)
    const to = new URL(res.headers.get('location')!, server.url)
    expect(to.pathname).toBe('/kk/auth/login')
    expect(to.searchParams.get('redirect')).toBe('/kk/profile')
  })

  it('the language switch keeps the page (and its query)', async () => {
    const { page, context, pageErrors } = await openPage(browser, server.url, { locale: 'ru-RU' })
    await openInLanguage(page, server.url, '/catalog?from=switch', 'ru')
    await page.waitForLoadState('networkidle')
    await expect.poll(() => page.locator('h1').textContent()).toContain(CATALOG.ru)
    await page.getByTestId('lang-kk').click()
    await page.waitForURL(urlIn(server.url, '/catalog?from=switch', 'kk'))
    await expect.poll(() => page.locator('h1').textContent()).toContain(CATALOG.kk)
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('kk')
    await page.getByTestId('lang-en').click()
    await page.waitForURL(urlIn(server.url, '/catalog?from=switch', 'en'))
    await expect.poll(() => page.locator('h1').textContent()).toContain(CATALOG.en)
    await page.getByTestId('lang-ru').click()
    await page.waitForURL(`${server.url}/catalog?from=switch`)
    await expect.poll(() => page.locator('h1').textContent()).toContain(CATALOG.ru)
    // A reload keeps the language the URL names.
    await openInLanguage(page, server.url, '/catalog', 'kk')
    expect(await page.locator('h1').textContent()).toContain(CATALOG.kk)
    expect(pageErrors).toEqual([])
    await context.close()
  })
})

describe('page meta', () => {
  it.each(['ru', 'kk', 'en'] as const)('the catalog in %s: canonical, hreflang, description, Open Graph, Twitter', async (lang) => {
    const path = urlIn('', '/catalog', lang)
    const { html } = await crawl(path)
    const canonical = tags(html, 'link', /rel="canonical"/)
    expect(canonical).toEqual([expect.objectContaining({ href: `${server.url}${path}` })])
    const alternates = Object.fromEntries(tags(html, 'link', /rel="alternate"/).map((l) => [l.hreflang, l.href]))
    expect(alternates).toEqual({
      'ru-KZ': `${server.url}/catalog`,
      'kk-KZ': `${server.url}/kk/catalog`,
      en: `${server.url}/en/catalog`,
      'x-default': `${server.url}/catalog`,
    })
    expect(meta(html, 'description')).toContain(CATALOG_TEXT[lang])
    expect(meta(html, 'og:description')).toContain(CATALOG_TEXT[lang])
    expect(meta(html, 'og:title')).toBe(CATALOG[lang])
    expect(meta(html, 'twitter:title')).toBe(CATALOG[lang])
    expect(meta(html, 'og:url')).toBe(`${server.url}${path}`)
    expect(meta(html, 'og:locale')).toBe({ ru: 'ru_KZ', kk: 'kk_KZ', en: 'en' }[lang])
    expect(meta(html, 'twitter:card')).toBe('summary')
    expect(meta(html, 'robots') ?? '').not.toMatch(/noindex/)
  })

  it('takes the origin from PUBLIC_URL, not from the Host header', async () => {
    const { html } = await crawl('/kk', { host: 'evil.example', 'x-forwarded-host': 'evil.example' })
    expect(html).not.toContain('evil.example')
    expect(tags(html, 'link', /rel="canonical"/)[0]?.href).toBe(`${server.url}/kk`)
  })

  it.each(['/auth/login', '/kk/auth/register', '/en/auth/forgot-password'])('%s is noindex (meta and header)', async (path) => {
    const { res, html } = await crawl(path)
    expect(res.status).toBe(200)
    expect(res.headers.get('x-robots-tag')).toMatch(/noindex/)
    expect(meta(html, 'robots')).toMatch(/noindex/)
    expect(tags(html, 'link', /hreflang=/)).toEqual([])
  })

  it.each(['/profile', '/kk/workspace', '/admin', '/workspace/invites/some-token', '/en/workspace/invites/some-token'])(
    '%s (private) answers with X-Robots-Tag: noindex',
    async (path) => {
      const { res } = await crawl(path)
      expect(res.headers.get('x-robots-tag')).toMatch(/noindex/)
      expect(res.headers.get('vary') ?? '').toMatch(/cookie/i)
    },
  )
})

describe('robots.txt and sitemap.xml (kz)', () => {
  it('robots.txt keeps crawlers out of the API and private pages and names the sitemap', async () => {
    const res = await fetch(`${server.url}/robots.txt`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    const txt = await res.text()
    for (const p of ['/api/', '/auth', '/profile', '/workspace', '/admin', '/kk/auth', '/kk/profile', '/en/workspace', '/en/admin']) {
      expect(txt).toContain(`Disallow: ${p}\n`)
    }
    expect(txt).toContain(`Sitemap: ${server.url}/sitemap.xml`)
  })

  it('sitemap.xml lists the public pages in ru, kk and en with alternates', async () => {
    const res = await fetch(`${server.url}/sitemap.xml`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/)
    const xml = await res.text()
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1])
    for (const p of ['/', '/kk', '/en', '/catalog', '/kk/catalog', '/en/catalog', '/kk/chat', '/en/constructor', '/amicus']) {
      expect(locs).toContain(new URL(p, server.url).toString())
    }
    expect(locs.some((l) => /\/(auth|profile|workspace|admin)/.test(l!))).toBe(false)
    expect(xml).toContain(`<xhtml:link rel="alternate" hreflang="kk-KZ" href="${server.url}/kk/catalog"/>`)
    // Every listed URL answers 200 to a crawler.
    for (const loc of locs.slice(0, 6)) expect((await fetch(loc!, { redirect: 'manual' })).status, loc).toBe(200)
  })
})

describe('when the database is down', () => {
  let down: TBuiltServer
  beforeAll(async () => {
    down = await startBuiltServer({ env: { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/d24_no_such_database', PAGE_CACHE_TTL_SECONDS: '60' } })
  })
  afterAll(async () => {
    await down?.stop()
  })

  it('the sitemap and the catalog pages say 503, not an empty catalog or a 404, and nothing is kept in a cache', async () => {
    const sitemap = await fetch(`${down.url}/sitemap.xml`)
    expect(sitemap.status).toBe(503)
    expect(sitemap.headers.get('cache-control') ?? '').not.toContain('public')
    for (const path of ['/catalog', '/kk/articles', '/documents/trudovoj-dogovor', '/catalog/trud-i-personal', '/en/articles/any']) {
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${down.url}${path}`, { headers: { accept: 'text/html' } })
        expect(res.status, `${path} #${i + 1}`).toBe(503)
        expect(res.headers.get('x-d24-page-cache') ?? '', path).not.toBe('hit')
        expect(await res.text(), path).not.toContain('data-testid="catalog-empty"')
      }
    }
  })
})
