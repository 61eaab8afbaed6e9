import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { createPgSearchIndex } from '../../server/domains/content/search'
import { closeDb, useDb } from '../../server/lib/db'
import { PHONE, launchBrowser, openPage, saveScreenshot } from '../helpers/browser'
import { createTestDatabase } from '../helpers/db'
import { urlIn } from '../helpers/i18n'
import { loadCorpus } from '../helpers/search-quality'
import { startBuiltServer, type TBuiltServer } from '../helpers/server'

// A visitor searches the catalog: server-rendered results with marks, facets as links, a
// "did you mean" line, the empty state, in Russian and Kazakh, on a phone. One server start.
let db: Awaited<ReturnType<typeof createTestDatabase>>
let server: TBuiltServer
let browser: Browser

beforeAll(async () => {
  db = await createTestDatabase('search_e2e')
  const index = createPgSearchIndex(() => useDb(db.url))
  await useDb(db.url).$transaction((tx) => index.upsert(tx, loadCorpus()), { timeout: 60_000 })
  await closeDb()
  server = await startBuiltServer({ env: { DATABASE_URL: db.url, REGION: 'kz' } })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await db?.drop()
})

describe('search page', () => {
  it('finds «земельного участка» for «земельный участок», marks the words and filters by a facet link', async () => {
    const { page, context, pageErrors } = await openPage(browser, server.url, { viewport: PHONE })
    const res = await page.goto(`${server.url}/search?q=${encodeURIComponent('земельный участок')}`)
    const html = await res!.text()
    // Server-rendered, marks as elements, the text escaped.
    expect(html).toContain('<mark')
    expect(html).toContain('земельного</mark>')
    const hits = page.getByTestId('search-hits').locator('li')
    await expect.poll(() => hits.count()).toBeGreaterThanOrEqual(2)
    await saveScreenshot(page, 'search-phone-ru.png')
    await page.getByRole('link', { name: /Бесплатно/ }).first().click()
    await page.waitForURL(/price=free/)
    await expect.poll(() => hits.count()).toBe(1)
    expect(pageErrors).toEqual([])
    await context.close()
  })

  it('says "did you mean" for a typo, shows the empty state, and works in Kazakh', async () => {
    const { page, context } = await openPage(browser, server.url)
    await page.goto(`${server.url}/search?q=${encodeURIComponent('завищание')}`)
    await expect.poll(() => page.getByTestId('search-corrected').textContent(), { timeout: 15_000 }).toContain('завещание')
    await page.goto(`${server.url}/search?q=${encodeURIComponent('квантовый телепорт')}`)
    await expect.poll(() => page.getByTestId('search-empty').isVisible(), { timeout: 15_000 }).toBe(true)
    await page.goto(`${urlIn(server.url, '/search', 'kk')}?q=${encodeURIComponent('еңбек шартының')}`)
    await expect.poll(() => page.getByTestId('search-hits').textContent(), { timeout: 15_000 }).toContain('Еңбек шарты')
    await page.getByRole('searchbox').fill('сенімхат')
    await page.getByRole('searchbox').press('Enter')
    // The URL had a q= already: wait for the new one, then for the client-side search's answer.
    await page.waitForURL((u) => u.searchParams.get('q') === 'сенімхат')
    await expect.poll(() => page.getByTestId('search-hits').textContent(), { timeout: 15_000 }).toContain('сенімхат')
    await context.close()
  })

  it('keeps what was typed into the field before the page came alive (hydration does not put the old query back)', async () => {
    const { page, context } = await openPage(browser, server.url)
    // Hold the page's scripts until the text is typed: the server-rendered field is all there is.
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    await page.route(/\/_nuxt\/.*\.js(\?|$)/, async (route) => {
      await held
      await route.continue()
    })
    await page.goto(`${urlIn(server.url, '/search', 'kk')}?q=${encodeURIComponent('еңбек шартының')}`, { waitUntil: 'commit' })
    await page.locator('#search-q').fill('сенімхат')
    release()
    // Alive: Vue has taken the page over (its root has the app), and the field still holds what was typed.
    await page.waitForFunction(() => Boolean((document.querySelector('#__nuxt') as unknown as { __vue_app__?: unknown } | null)?.__vue_app__), null, { timeout: 30_000 })
    await page.waitForLoadState('networkidle')
    expect(await page.locator('#search-q').inputValue()).toBe('сенімхат')
    await page.locator('#search-q').press('Enter')
    await page.waitForURL((u) => u.searchParams.get('q') === 'сенімхат')
    await context.close()
  })
})
