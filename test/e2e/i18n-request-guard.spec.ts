import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, startBuiltServer, type TBuiltServer } from '../helpers/server'

// @nuxtjs/i18n 10.6 builds its context in a Nitro `request` hook for every request
// (13x slower API, see docs/STACK notes). patches/@nuxtjs+i18n+10.6.0.patch, applied
// by `postinstall: patch-package`, skips API/asset/health/realtime paths. These tests
// fail on an unpatched install: /api/bench/ping reports whether the context was built.

async function ping(server: TBuiltServer) {
  const res = await fetch(`${server.url}/api/bench/ping`)
  expect(res.status).toBe(200)
  return (await res.json()) as { ok: boolean; i18nContext: boolean }
}

describe('i18n request guard', () => {
  it('the installed module carries the patch (postinstall ran patch-package)', () => {
    const plugin = readFileSync(resolve(ROOT, 'node_modules/@nuxtjs/i18n/dist/runtime/server/plugin.js'), 'utf8')
    expect(plugin, 'run `npm install` so postinstall applies patches/').toContain('d24NeedsContext')
  })

  describe('built server, guard on (default)', () => {
    let server: TBuiltServer
    beforeAll(async () => {
      server = await startBuiltServer()
    })
    afterAll(() => server?.stop())

    it('does not build the i18n context for /api requests', async () => {
      expect(await ping(server)).toMatchObject({ ok: true, i18nContext: false })
    })

    it('still renders pages translated (context built lazily at render)', async () => {
      // The language is in the URL (/kk, /en): the context built at render must read it.
      const kk = await (await fetch(`${server.url}/kk`)).text()
      expect(kk).toContain('Заңды құжаттар онлайн')
      const en = await (await fetch(`${server.url}/en`)).text()
      expect(en).toContain('Legal documents online')
    })

    it('serves the 404 page translated even for paths the guard skips', async () => {
      // /apps/ has no language prefix, so its 404 is in the default language (Russian);
      // the context the guard skipped is built at render all the same.
      const res = await fetch(`${server.url}/apps/no-such-page`, { headers: { accept: 'text/html' } })
      expect(res.status).toBe(404)
      expect(await res.text()).toContain('Страница не найдена')
    })
  })

  describe('built server, guard off (upstream behaviour)', () => {
    let server: TBuiltServer
    beforeAll(async () => {
      server = await startBuiltServer({ env: { NUXT_I18N_REQUEST_GUARD: 'off' } })
    })
    afterAll(() => server?.stop())

    it('builds the context for /api requests, which is what the guard removes', async () => {
      expect(await ping(server)).toMatchObject({ ok: true, i18nContext: true })
    })
  })
})
