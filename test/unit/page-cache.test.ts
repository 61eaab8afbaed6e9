import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import {
  configurePageCache,
  contentPath,
  inlineScriptHashes,
  invalidateLocal,
  lookupPage,
  pageCacheGeneration,
  pageCacheKey,
  pageCacheStats,
  preferredEncoding,
  storePage,
} from '../../server/lib/page-cache'

const anon = (path: string, extra: Partial<Parameters<typeof pageCacheKey>[0]> = {}) =>
  pageCacheKey({ method: 'GET', path, cookies: { lang: 'ru' }, ...extra })

const page = (path: string, body = `<html>${path}</html>`) => ({ path, status: 200, headers: { 'content-type': 'text/html' }, body })

afterEach(() => {
  invalidateLocal()
  configurePageCache({ ttlSeconds: 300, staleSeconds: 86_400, maxEntries: 300, maxBytes: 48 * 1024 * 1024 })
})

describe('page cache keys', () => {
  it('caches the public pages of anonymous GETs only', () => {
    expect(anon('/')).toBeDefined()
    expect(anon('/catalog')).toBeDefined()
    expect(anon('/catalog/nda?page=2')).toBeDefined()
    expect(anon('/kk/catalog')).toBeDefined()
    for (const path of ['/documents/dogovor-arendy', '/kk/articles', '/en/articles/kak-snyat']) expect(anon(path), path).toBeDefined()
    expect(anon('/en')).toBeDefined()
    for (const path of ['/auth/login', '/profile', '/workspace', '/admin/users', '/catalogue', '/api/auth/ping']) expect(anon(path), path).toBeUndefined()
    expect(anon('/', { method: 'POST' })).toBeUndefined()
    // A session (nuxt-auth's access token, our refresh cookie or its marker, a bearer token) always renders.
    expect(anon('/', { cookies: { lang: 'ru', 'auth.token': 'x' } })).toBeUndefined()
    expect(anon('/', { cookies: { 'auth.has-refresh': '1' } })).toBeUndefined()
    expect(anon('/', { authorization: 'Bearer x' })).toBeUndefined()
  })

  it('keys on the path, where the language is', () => {
    expect(anon('/')).not.toBe(anon('/kk'))
    expect(anon('/kk/catalog')).not.toBe(anon('/en/catalog'))
    expect(anon('/')).not.toBe(anon('/catalog'))
    expect(anon('/catalog?a=1')).not.toBe(anon('/catalog?a=2'))
    // No cookie chooses the language: one copy per URL. (Accept-Language is not an input of
    // the key at all; page-cache.spec.ts shows a Kazakh browser gets the cached Russian page.)
    expect(anon('/', { cookies: { lang: 'kk' } })).toBe(anon('/'))
  })

  it('is off with a TTL of 0', () => {
    configurePageCache({ ttlSeconds: 0 })
    expect(anon('/')).toBeUndefined()
  })
})

describe('page cache entries', () => {
  it('stores compressed copies and serves them until invalidated', async () => {
    const key = anon('/')!
    expect(await storePage(key, pageCacheGeneration(), page('/'))).toBe(true)
    const hit = lookupPage(key)
    expect(hit?.stale).toBe(false)
    expect(hit?.page.raw.toString()).toBe('<html>/</html>')
    expect(hit?.page.br.length).toBeGreaterThan(0)
    invalidateLocal(['/'])
    expect(lookupPage(key)).toBeUndefined()
  })

  it('invalidates by path whatever the language prefix and query, and leaves other pages', async () => {
    const keys = ['/catalog', '/kk/catalog', '/en/catalog?x=1', '/'].map((p) => [p, anon(p)!] as const)
    for (const [p, key] of keys) await storePage(key, pageCacheGeneration(), page(p))
    expect(invalidateLocal(['/catalog'])).toBe(3)
    expect(keys.filter(([, key]) => lookupPage(key)).map(([p]) => p)).toEqual(['/'])
    expect(contentPath('/kk')).toBe('/')
    expect(contentPath('/en/catalog/')).toBe('/catalog')
  })

  it('does not store a render that began before an invalidation', async () => {
    const key = anon('/')!
    const started = pageCacheGeneration()
    invalidateLocal(['/catalog'])
    expect(await storePage(key, started, page('/'))).toBe(false)
    expect(lookupPage(key)).toBeUndefined()
  })

  it('reports an entry past its TTL as stale, and drops it past the stale window', async () => {
    configurePageCache({ ttlSeconds: 10, staleSeconds: 20 })
    const key = anon('/')!
    await storePage(key, pageCacheGeneration(), page('/'))
    const now = Date.now()
    expect(lookupPage(key, now + 5_000)?.stale).toBe(false)
    expect(lookupPage(key, now + 15_000)?.stale).toBe(true)
    expect(lookupPage(key, now + 31_000)).toBeUndefined()
  })

  it('evicts the least recently used entries beyond its bounds', async () => {
    configurePageCache({ maxEntries: 2 })
    const [a, b, c] = ['/catalog/a', '/catalog/b', '/catalog/c'].map((p) => anon(p)!)
    await storePage(a!, pageCacheGeneration(), page('/catalog/a'))
    await storePage(b!, pageCacheGeneration(), page('/catalog/b'))
    lookupPage(a!)
    await storePage(c!, pageCacheGeneration(), page('/catalog/c'))
    expect(lookupPage(b!)).toBeUndefined()
    expect(lookupPage(a!)).toBeDefined()
    expect(pageCacheStats().entries).toBe(2)
  })
})

describe('helpers', () => {
  it('hashes the inline scripts a cached page runs, not the external ones', () => {
    const inline = 'window.__NUXT__={}'
    const html = `<head><script src="/_nuxt/a.js" type="module"></script><script>${inline}</script></head><body><script type="application/json" id="d">[1]</script></body>`
    const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`
    expect(inlineScriptHashes(html)).toEqual([sha(inline), sha('[1]')])
  })

  it('picks br, then gzip, honouring q=0', () => {
    expect(preferredEncoding('gzip, deflate, br')).toBe('br')
    expect(preferredEncoding('gzip, deflate')).toBe('gzip')
    expect(preferredEncoding('br;q=0, gzip')).toBe('gzip')
    expect(preferredEncoding('identity')).toBeUndefined()
    expect(preferredEncoding(undefined)).toBeUndefined()
    expect(preferredEncoding('*')).toBe('br')
  })
})
