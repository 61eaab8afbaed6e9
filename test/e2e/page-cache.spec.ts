import { createHash } from 'node:crypto'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { invalidatePublicPages } from '../../server/lib/page-cache'
import { closeRedis } from '../../server/lib/redis'
import { openPage } from '../helpers/browser'
import { eventually } from '../helpers/eventually'
import { activeAccount, signIn, startE2eApp, type TE2eApp } from '../helpers/e2e-app'

// Speed of the built app (issue 9): public pages served from the server's page cache
// to anonymous visitors only, under a CSP that still holds (hashes, no shared nonce),
// invalidated on demand across processes; compressed HTML, JSON and assets; CSS as a
// cacheable file instead of inlined into every page.

const EMAIL = `cache-${Date.now().toString(36)}@example.kz`
const PASSWORD = 'Cache-pass-42'
const ANON = { cookie: 'lang=ru', 'accept-encoding': 'identity' }
const METRICS_TOKEN = 'e2e-cache-metrics-token-0123456789'
// What every answer of the site carries (server/http/security-headers.ts, compression.ts).
const EVERY_ANSWER = ['x-content-type-options', 'x-frame-options', 'referrer-policy', 'strict-transport-security', 'content-security-policy', 'vary', 'content-type']

let app: TE2eApp

beforeAll(async () => {
  app = await startE2eApp('e2e_cache', { env: { METRICS_TOKEN } })
  await activeAccount(app, EMAIL, PASSWORD)
})

afterAll(async () => {
  await closeRedis()
  await app?.close()
})

afterEach((ctx) => app?.screenshotOnFail(ctx, 'cache'))

const get = (path: string, headers: Record<string, string> = ANON) => fetch(`${app.server.url}${path}`, { headers })
const cacheState = async (path: string, headers: Record<string, string> = ANON) => {
  const r = await get(path, headers)
  await r.arrayBuffer()
  return r.headers.get('x-d24-page-cache')
}

describe('page cache', () => {
  it('serves an anonymous home page from the cache, under a CSP of hashes that matches its scripts', async () => {
    await invalidatePublicPages()
    await eventually(async () => expect(await cacheState('/')).toBe('hit'))
    const r = await get('/')
    const html = await r.text()
    const csp = r.headers.get('content-security-policy') ?? ''
    // One answer for many visitors: a nonce in it would be everyone's.
    expect(csp).not.toContain("'nonce-")
    expect(html).not.toMatch(/\snonce="/)
    const allowed = new Set(csp.match(/'sha256-[^']+'/g) ?? [])
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\ssrc=/.test(m[1]!) && m[2] !== '')
    expect(inline.length).toBeGreaterThan(0)
    for (const m of inline) expect(allowed).toContain(`'sha256-${createHash('sha256').update(m[2]!).digest('base64')}'`)
  })

  it('answers a hit with the same security headers as the render it stores, HEAD included, and counts it in the metrics', async () => {
    // A hit is answered before the h3 app runs (server/plugins/page-cache.ts): what the
    // request hooks and middleware add to every answer must be there all the same.
    const headersOf = (r: Response) => Object.fromEntries(EVERY_ANSWER.map((h) => [h, r.headers.get(h)]))
    for (const encoding of ['identity', 'br', 'gzip']) {
      const headers = { ...ANON, 'accept-encoding': encoding }
      await invalidatePublicPages(['/catalog'])
      const miss = await eventually(async () => {
        const r = await get('/catalog', headers)
        await r.arrayBuffer()
        expect(r.headers.get('x-d24-page-cache')).toBe('miss')
        return r
      })
      await eventually(async () => expect(await cacheState('/catalog', headers)).toBe('hit'))
      const hit = await get('/catalog', headers)
      await hit.arrayBuffer()
      expect(hit.headers.get('x-d24-page-cache')).toBe('hit')
      expect(headersOf(hit), encoding).toEqual(headersOf(miss))
      for (const h of EVERY_ANSWER) expect(hit.headers.get(h), `${h} (${encoding})`).toBeTruthy()
      expect(hit.headers.get('content-encoding')).toBe(miss.headers.get('content-encoding'))
      expect(hit.headers.get('x-robots-tag')).toBeNull()
    }
    // HEAD: the headers of the page without its body.
    const raw = await import('node:http')
    const head = await new Promise<{ status?: number; headers: Record<string, unknown>; body: number }>((ok, fail) => {
      raw
        .request(`${app.server.url}/catalog`, { method: 'HEAD', headers: ANON }, (res) => {
          let body = 0
          res.on('data', (c: Buffer) => (body += c.length))
          res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body }))
        })
        .on('error', fail)
        .end()
    })
    const full = await get('/catalog')
    const html = Buffer.from(await full.arrayBuffer())
    expect(head.status).toBe(200)
    expect(head.headers['x-d24-page-cache']).toBe('hit')
    expect(head.headers['x-frame-options']).toBe('DENY')
    expect(head.headers['content-security-policy']).toBe(full.headers.get('content-security-policy'))
    expect(Number(head.headers['content-length'])).toBe(html.length)
    expect(head.body).toBe(0)

    // Counted under the renderer's route, as a render of the same page is.
    const count = async () => {
      const text = await (await fetch(`${app.server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text()
      return Number(/^d24_http_request_duration_seconds_count\{method="GET",route="\/\*\*",status="200"\} (\d+)$/m.exec(text)?.[1] ?? 0)
    }
    const before = await count()
    for (let i = 0; i < 3; i++) expect(await cacheState('/catalog')).toBe('hit')
    expect(await count()).toBe(before + 3)
  })

  it('keeps one entry per language (its URL), whatever cookie or Accept-Language comes along', async () => {
    for (const path of ['/kk', '/en', '/']) await eventually(async () => expect(await cacheState(path)).toBe('hit'))
    const langOf = async (path: string, headers: Record<string, string> = {}) => {
      const r = await get(path, { ...ANON, ...headers })
      expect(r.headers.get('x-d24-page-cache'), path).toBe('hit')
      return /<html[^>]*\slang="([^"]+)"/.exec(await r.text())?.[1]
    }
    expect(await langOf('/kk')).toMatch(/^kk/)
    expect(await langOf('/en')).toMatch(/^en/)
    expect(await langOf('/')).toMatch(/^ru/)
    // The cached Russian page is served to a Kazakh browser too: the URL decides, not the headers.
    expect(await langOf('/', { 'accept-language': 'kk-KZ,kk;q=0.9', cookie: 'lang=kk' })).toMatch(/^ru/)
  })

  it('renders every request of a signed-in person, with their menu and a fresh nonce', async () => {
    await eventually(async () => expect(await cacheState('/')).toBe('hit'))
    const tracked = await openPage(app.browser, app.server.url, { locale: 'ru-RU' })
    app.opened.push(tracked)
    await signIn(tracked.page, app.server.url, EMAIL, PASSWORD)
    const cookie = (await tracked.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
    const r = await get('/', { cookie })
    const html = await r.text()
    expect(r.headers.get('x-d24-page-cache')).toBeNull()
    expect(r.headers.get('content-security-policy')).toMatch(/'nonce-[A-Za-z0-9+/=]+'/)
    expect(html).toContain('data-testid="user-menu"')
    // In the browser too: the signed-in header, not the cached anonymous one.
    await tracked.page.goto(`${app.server.url}/`)
    await tracked.page.getByTestId('user-menu').waitFor()
    expect(await tracked.page.getByTestId('sign-in').count()).toBe(0)
    // And anonymous visitors still get the anonymous page.
    expect(await (await get('/')).text()).not.toContain('data-testid="user-menu"')
  })

  it('renders a cached page anew after invalidatePublicPages, for that path only', async () => {
    await eventually(async () => expect(await cacheState('/')).toBe('hit'))
    await eventually(async () => expect(await cacheState('/catalog')).toBe('hit'))
    const before = await (await get('/catalog')).text()
    // From this (test) process: the message reaches the server over Redis, as the worker's would.
    await invalidatePublicPages(['/catalog'])
    await eventually(async () => expect(await cacheState('/catalog')).not.toBe('hit'))
    expect(await cacheState('/')).toBe('hit')
    await eventually(async () => expect(await cacheState('/catalog')).toBe('hit'))
    // A new render: the CSP hashes still match the page it serves.
    const after = await get('/catalog')
    expect(await after.text()).toContain('<h1')
    expect(before).toContain('<h1')
  })

  it('has zero CSP violations and page errors in Chromium on the cached pages', async () => {
    await eventually(async () => expect(await cacheState('/')).toBe('hit'))
    const tracked = await openPage(app.browser, app.server.url, { locale: 'ru-RU' })
    app.opened.push(tracked)
    const violations: string[] = []
    tracked.page.on('console', (m) => /Content[ -]Security[ -]Policy/i.test(m.text()) && violations.push(m.text()))
    await tracked.context.addCookies([{ name: 'lang', value: 'ru', url: app.server.url }])
    for (const path of ['/', '/catalog']) {
      const res = await tracked.page.goto(`${app.server.url}${path}`)
      expect(res?.headers()['x-d24-page-cache']).toBe('hit')
      await tracked.page.waitForLoadState('networkidle')
      await tracked.page.getByTestId('brand').waitFor()
    }
    // Hydrated: a client-side navigation works.
    await tracked.page.getByTestId('brand').click()
    expect(violations).toEqual([])
    expect(tracked.pageErrors).toEqual([])
  })
})

describe('private pages render in the browser', () => {
  it('sends a visitor without a session to sign in from the server, in the page’s language', async () => {
    for (const [path, login] of [
      ['/en/workspace', '/en/auth/login'],
      ['/profile/security', '/auth/login'],
      ['/kk/admin/users', '/kk/auth/login'],
    ] as const) {
      const r = await fetch(`${app.server.url}${path}`, { redirect: 'manual', headers: { accept: 'text/html' } })
      expect(r.status, path).toBe(302)
      const to = new URL(r.headers.get('location')!, app.server.url)
      expect(to.pathname, path).toBe(login)
      expect(to.searchParams.get('redirect'), path).toBe(path)
      expect(r.headers.get('x-robots-tag'), path).toMatch(/noindex/)
    }
    // An invitation link is opened before the invitee has an account: no redirect.
    const invite = await fetch(`${app.server.url}/workspace/invites/some-token`, { redirect: 'manual' })
    expect(invite.status).toBe(200)
  })

  it('serves a signed-in person an empty shell under a nonce CSP that Chromium fills in; without JavaScript a note says why (in its HTML)', async () => {
    const tracked = await openPage(app.browser, app.server.url, { locale: 'ru-RU' })
    app.opened.push(tracked)
    await signIn(tracked.page, app.server.url, EMAIL, PASSWORD)
    const cookies = await tracked.context.cookies()
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    const r = await get('/kk/profile', { cookie, 'accept-encoding': 'identity' })
    const html = await r.text()
    expect(r.status).toBe(200)
    expect(r.headers.get('x-robots-tag')).toMatch(/noindex/)
    // Not rendered on the server: no profile markup, Nuxt's payload says so.
    expect(html).toContain('data-ssr="false"')
    expect(html).not.toContain('data-testid="profile-personal"')
    // The shell has its language and a title before any script runs (a screen reader and
    // axe saw a page with neither while a slow machine was still starting the app).
    expect(html).toMatch(/^<!DOCTYPE html><html[^>]* lang="kk"/)
    expect(html).toMatch(/<head>[\s\S]*<title>Dogovor24<\/title>[\s\S]*<\/head>/)
    // Without JavaScript the shell would stay blank: a note in each language says why.
    // The app's root holds nothing but that note until the scripts mount the page.
    const shell = /<div id="__nuxt"[^>]*>([\s\S]*?)<\/div><div id="teleports">/.exec(html)?.[1] ?? ''
    expect(shell).toMatch(/^<noscript>[\s\S]*<\/noscript>$/)
    for (const text of ['включите JavaScript', 'JavaScript-ті қосыңыз', 'turn on JavaScript']) expect(shell).toContain(text)
    const nonce = /'nonce-([^']+)'/.exec(r.headers.get('content-security-policy') ?? '')?.[1]
    expect(nonce).toBeTruthy()
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`)
    // Public pages and the sign-in forms are still rendered on the server.
    expect(await (await get('/catalog')).text()).toContain('data-ssr="true"')
    expect(await (await get('/auth/login')).text()).toContain('data-testid="login-submit"')

    await tracked.page.goto(`${app.server.url}/kk/profile`)
    await tracked.page.getByTestId('profile-personal').getByText(EMAIL).waitFor()
    expect(await tracked.page.locator('html').getAttribute('lang')).toBe('kk')
    expect(tracked.pageErrors).toEqual([])

  })
})

describe('compression and stylesheets', () => {
  it('compresses pages with br or gzip, with Vary: Accept-Encoding', async () => {
    for (const path of ['/', '/auth/login']) {
      const plain = await (await get(path, { cookie: 'lang=ru', 'accept-encoding': 'identity' })).text()
      const br = await get(path, { cookie: 'lang=ru', 'accept-encoding': 'gzip, br' })
      expect(br.headers.get('content-encoding'), path).toBe('br')
      expect(br.headers.get('vary') ?? '').toMatch(/accept-encoding/i)
      // fetch decodes it; the raw size shows it was compressed.
      expect((await br.text()).length).toBeGreaterThan(1000)
      const gz = await get(path, { cookie: 'lang=ru', 'accept-encoding': 'gzip' })
      expect(gz.headers.get('content-encoding'), path).toBe('gzip')
      await gz.arrayBuffer()
      expect(plain).toContain('<html')
    }
    // The error page is rendered through an internal request: it must reach the browser intact.
    const missing = await get('/no-such-page', { cookie: 'lang=ru', accept: 'text/html', 'accept-encoding': 'gzip, br' })
    expect(missing.status).toBe(404)
    expect(await missing.text()).toMatch(/^<!DOCTYPE html>/)
  })

  it('compresses JSON answers and the built scripts and stylesheets', async () => {
    const raw = await import('node:http')
    const fetchRaw = (path: string, encoding: string) =>
      new Promise<{ headers: Record<string, unknown>; body: Buffer }>((ok, fail) => {
        raw
          .get(`${app.server.url}${path}`, { headers: { 'accept-encoding': encoding, cookie: 'lang=ru' } }, (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => ok({ headers: res.headers, body: Buffer.concat(chunks) }))
          })
          .on('error', fail)
      })
    const json = await fetchRaw('/openapi.json', 'br')
    expect(json.headers['content-encoding']).toBe('br')
    expect(JSON.parse(brotliDecompressSync(json.body).toString())).toHaveProperty('openapi')

    const html = (await (await get('/')).text())
    // CSS is a file the browser caches, not 128 KB inlined into every page; what stays
    // inline is small and page-specific (the UI kit's colour variables, the page's icons).
    const css = /<link[^>]+rel="stylesheet"[^>]+href="(\/_nuxt\/[^"]+\.css)"/.exec(html)?.[1] ?? /<link[^>]+href="(\/_nuxt\/[^"]+\.css)"[^>]+rel="stylesheet"/.exec(html)?.[1]
    expect(css).toBeDefined()
    expect((html.match(/<style[^>]*>[\s\S]*?<\/style>/g) ?? []).join('').length).toBeLessThan(32_000)
    const script = /<script[^>]+src="(\/_nuxt\/[^"]+\.js)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    for (const asset of [css!, script!]) {
      const br = await fetchRaw(asset, 'gzip, deflate, br')
      expect(br.headers['content-encoding'], asset).toBe('br')
      const gz = await fetchRaw(asset, 'gzip')
      expect(gz.headers['content-encoding'], asset).toBe('gzip')
      expect(gunzipSync(gz.body).equals(brotliDecompressSync(br.body))).toBe(true)
    }
  })
})
