import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../helpers/browser'
import { ROOT, startBuiltServer, type TBuiltServer } from '../helpers/server'

/**
 * The Russian region is its own build (REGION=ru → .output-ru): Russian and English
 * only, roubles, dogovor24.ru, no Kazakh. Proves both regions build and that the
 * region layer really changes what a person sees.
 */
const RU_ENTRY = resolve(ROOT, '.output-ru/server/index.mjs')
let web: TBuiltServer

beforeAll(async () => {
  web = await startBuiltServer({ entry: RU_ENTRY, env: { REGION: 'ru' } })
})
afterAll(async () => {
  await web?.stop()
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
      await expect.poll(async () => page.locator('html').getAttribute('lang')).toMatch(/^en/)
    } finally {
      await browser.close()
    }
  })
})
