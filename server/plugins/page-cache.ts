import { randomBytes } from 'node:crypto'
import type { H3Event } from 'h3'
import { defineEventHandler, getRequestHeader, parseCookies } from 'h3'
import { defineNitroPlugin } from 'nitropack/runtime'
import { setSecurityHeaders } from '../http/security-headers'
import { useConfig } from '../lib/config'
import { useLogger } from '../lib/log'
import { observeHttpRequest } from '../lib/metrics'
import {
  configurePageCache,
  invalidateLocal,
  invalidationChannel,
  isPublicPagePath,
  lookupPage,
  PROCESS_ORIGIN,
  pageCacheGeneration,
  pageCacheKey,
  preferredEncoding,
  storePage,
  type TCachedPage,
} from '../lib/page-cache'
import { createRedisSubscriber } from '../lib/redis'

// Serves anonymous public pages from server/lib/page-cache.ts and stores their renders.
// A page rendered for the cache gets a hash-based CSP instead of a nonce
// (server/plugins/security-headers.ts reads event.context.d24PageCache).

declare module 'h3' {
  interface H3EventContext {
    /** Set while a render is destined for the page cache: its key and the cache generation at the start. */
    d24PageCache?: { key: string; generation: number }
  }
}

// Background re-renders of stale entries carry this header, so they render instead of being served the stale entry.
const REVALIDATE_HEADER = 'x-d24-page-cache-revalidate'
const revalidateToken = randomBytes(18).toString('base64url')

// The route label of a rendered page in the latency histogram (Nuxt's renderer is Nitro's catch-all route).
const PAGE_ROUTE = '/**'

/**
 * Writes a cached page as the answer. What every answer gets elsewhere comes here too:
 * the security headers (the same setSecurityHeaders the request hook calls; the stored
 * CSP of hashes replaces the generic one), Vary and the encoding the client accepts.
 * No X-Robots-Tag: cached pages are public (isPublicPagePath never matches a private path).
 */
function serveHit(event: H3Event, page: TCachedPage, state: 'hit' | 'stale'): void {
  setSecurityHeaders(event)
  const encoding = preferredEncoding(getRequestHeader(event, 'accept-encoding'))
  const body = encoding === 'br' ? page.br : encoding === 'gzip' ? page.gzip : page.raw
  const res = event.node.res
  for (const [name, value] of Object.entries(page.headers)) res.setHeader(name, value)
  res.setHeader('vary', 'Accept-Encoding')
  res.setHeader('x-d24-page-cache', state)
  if (encoding) res.setHeader('content-encoding', encoding)
  res.setHeader('content-length', body.length)
  res.statusCode = page.status
  res.end(event.method === 'HEAD' ? undefined : body)
}

const log = useLogger('page-cache')

export default defineNitroPlugin((nitroApp) => {
  if (import.meta.dev) return
  const cfg = useConfig()
  configurePageCache({ ttlSeconds: cfg.PAGE_CACHE_TTL_SECONDS })
  if (cfg.PAGE_CACHE_TTL_SECONDS <= 0) return

  // Invalidations reach every web process (invalidatePublicPages publishes on this channel).
  const subscriber = createRedisSubscriber(cfg.REDIS_URL, { lazyConnect: true })
  subscriber.on('message', (_ch: string, message: string) => {
    try {
      const { from, paths } = JSON.parse(message) as { from: string; paths?: string[] }
      if (from !== PROCESS_ORIGIN) invalidateLocal(paths)
    } catch {
      // Not a message of ours: nothing to drop.
    }
  })
  // ioredis reconnects by itself; an error event without a listener would crash the process.
  subscriber.on('error', () => {})
  subscriber.connect().then(
    () => subscriber.subscribe(invalidationChannel()),
    (err: unknown) => log.warn('no Redis subscription, invalidations stay in this process', { err: String(err) }),
  )
  nitroApp.hooks.hook('close', () => subscriber.disconnect())

  // A hit is answered before the h3 app runs at all: no request hooks (i18n builds a
  // context per page request), route rules, middleware or renderer for a page already
  // in memory. What every answer must carry is applied here, by the same code:
  // serveHit() below.
  const h3App = nitroApp.h3App
  const next = h3App.handler
  h3App.handler = defineEventHandler((event) => {
    const start = performance.now()
    // Most requests (assets, API, private pages) leave here without parsing a cookie.
    if (!isPublicPagePath(event.path)) return next(event)
    const key = pageCacheKey({
      method: event.method,
      path: event.path,
      cookies: parseCookies(event),
      authorization: getRequestHeader(event, 'authorization'),
    })
    if (!key) return next(event)
    const revalidating = getRequestHeader(event, REVALIDATE_HEADER) === revalidateToken
    const found = revalidating ? undefined : lookupPage(key)
    if (!found) {
      // Rendered for the cache: security-headers.ts gives it a CSP of hashes, render:response stores it.
      event.context.d24PageCache = { key, generation: pageCacheGeneration() }
      return next(event)
    }
    serveHit(event, found.page, found.stale ? 'stale' : 'hit')
    observeHttpRequest(event.method, PAGE_ROUTE, found.page.status, (performance.now() - start) / 1000)
    if (found.stale) revalidate(found.page)
  })

  const revalidate = (page: TCachedPage) => {
    if (page.revalidating) return
    page.revalidating = true
    // The re-render stores itself through render:response; the stale entry serves until then.
    // The path alone names the page (its language included): no visitor header goes along.
    nitroApp
      .localFetch(page.path, { headers: { [REVALIDATE_HEADER]: revalidateToken } })
      .then((r) => r.arrayBuffer())
      .catch((err: unknown) => log.warn('revalidation failed', { err: String(err), path: page.path }))
      .finally(() => (page.revalidating = false))
  }

  nitroApp.hooks.hook('render:response', (response, { event }) => {
    const target = event.context.d24PageCache
    if (!target || typeof response.body !== 'string') return
    const status = response.statusCode ?? event.node.res.statusCode
    const type = String(response.headers?.['content-type'] ?? '')
    if (status !== 200 || !type.startsWith('text/html')) return
    // A cookie set by the render belongs to this visitor alone.
    if (event.node.res.getHeader('set-cookie') !== undefined) return
    const csp = event.node.res.getHeader('content-security-policy')
    if (typeof csp !== 'string' || csp.includes("'nonce-")) return
    const headers: Record<string, string> = { ...(response.headers as Record<string, string>), 'content-security-policy': csp }
    event.node.res.setHeader('x-d24-page-cache', 'miss')
    storePage(target.key, target.generation, { path: target.key, status, headers, body: response.body }).catch((err: unknown) =>
      log.warn('could not store', { err: String(err), path: target.key }),
    )
  })
})
