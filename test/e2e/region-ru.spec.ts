import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../helpers/browser'
import { createTestDatabase } from '../helpers/db'
import { ROOT, startBuiltServer, type TBuiltServer } from '../helpers/server'

/**
 * The Russian region is its own build (REGION=ru → .output-ru): Russian and English
 * only, roubles, dogovor24.ru, no Kazakh. Proves both regions build and that the
 * region layer really changes what a person sees.
 */
const RU_ENTRY = resolve(ROOT, '.output-ru/server/index.mjs')
let web: TBuiltServer
let db: Awaited<ReturnType<typeof createTestDatabase>>

beforeAll(async () => {
  // The catalog pages and the sitemap read the content domain: a migrated (empty) database.
  db = await createTestDatabase('e2e_region_ru')
  web = await startBuiltServer({ entry: RU_ENTRY, env: { REGION: 'ru', DATABASE_URL: db.url } })
})
afterAll(async () => {
  await web?.stop()
  await db?.drop()
})

describe('region ru build', () => {
  it('serves Russian by default, with dogovor24.ru and roubles, and offers no Kazakh', async () => {
    const html = await fetch(web.url + '/', { headers: { cookie: 'lang=kk', 'accept-language': 'kk' } }).then((r) => r.text())
    expect(html).toMatch(/<html[^>]*lang="ru/)
    expect(html).toContain('dogovor24.ru')
    expect(html).toContain('₽')
    expect(html).not.toContain('dogovor24.kz')
    expect(html).not.toContain('Halyk')
  })

  it('the language switch offers RU and EN only, and EN works', async () => {
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      await page.goto(web.url + '/')
      const header = page.locator('header').first()
      await expect.poll(async () => (await header.innerText()).toUpperCase()).toContain('RU')
      const text = (await header.innerText()).toUpperCase()
      expect(text).toContain('EN')
      expect(text).not.toMatch(/ҚАЗ|KK\b/)
      await header.getByText(/^EN$/i).first().click()
      await page.waitForURL(`${web.url}/en`)
      await expect.poll(async () => page.locator('html').getAttribute('lang')).toMatch(/^en/)
    } finally {
      await browser.close()
    }
  })

  it('has no Kazakh URLs: /en is English, /kk is not a page', async () => {
    const en = await fetch(web.url + '/en/catalog', { redirect: 'manual' })
    expect(en.status).toBe(200)
    const html = await en.text()
    expect(html).toContain('Document catalog')
    const alternates = [...html.matchAll(/<link[^>]*hreflang="([^"]+)"[^>]*href="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`)
    expect(alternates.sort()).toEqual([`en ${web.url}/en/catalog`, `ru-RU ${web.url}/catalog`, `x-default ${web.url}/catalog`])
    expect((await fetch(web.url + '/kk/catalog', { redirect: 'manual' })).status).toBe(404)
  })

  it('robots.txt and sitemap.xml describe the ru site: Russian and English, no /kk/', async () => {
    const robots = await fetch(web.url + '/robots.txt').then((r) => r.text())
    expect(robots).toContain('Disallow: /en/profile\n')
    expect(robots).toContain(`Sitemap: ${web.url}/sitemap.xml`)
    expect(robots).not.toContain('/kk')
    const xml = await fetch(web.url + '/sitemap.xml').then((r) => r.text())
    expect(xml).toContain(`<loc>${web.url}/en/catalog</loc>`)
    expect(xml).toContain(`<loc>${web.url}/catalog</loc>`)
    expect(xml).toContain('hreflang="ru-RU"')
    expect(xml).not.toContain('/kk')
    expect(xml).not.toContain('kk-KZ')
  })
})
