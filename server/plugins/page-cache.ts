import { randomBytes } from 'node:crypto'
import type { H3Event } from 'h3'
import { getHeader, getRequestHeader, parseCookies } from 'h3'
import { defineNitroPlugin, useNitroApp } from 'nitropack/runtime'
import { useConfig } from '../lib/config'
import { useLogger } from '../lib/log'
import {
  configurePageCache,
  invalidateLocal,
  invalidationChannel,
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

function servedHeaders(page: TCachedPage, event: H3Event, state: 'hit' | 'stale'): { body: Buffer; headers: Record<string, string> } {
  const encoding = preferredEncoding(getRequestHeader(event, 'accept-encoding'))
  const headers: Record<string, string> = { ...page.headers, vary: 'Accept-Encoding', 'x-d24-page-cache': state }
  if (encoding) headers['content-encoding'] = encoding
  return { body: encoding === 'br' ? page.br : encoding === 'gzip' ? page.gzip : page.raw, headers }
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

  nitroApp.hooks.hook('render:before', (ctx) => {
    const event = ctx.event
    const key = pageCacheKey({
      method: event.method,
      path: event.path,
      cookies: parseCookies(event),
      authorization: getHeader(event, 'authorization'),
    })
    if (!key) return
    const revalidating = getHeader(event, REVALIDATE_HEADER) === revalidateToken
    const found = revalidating ? undefined : lookupPage(key)
    if (!found) {
      event.context.d24PageCache = { key, generation: pageCacheGeneration() }
      return
    }
    const { page, stale } = found
    const { body, headers } = servedHeaders(page, event, stale ? 'stale' : 'hit')
    ctx.response = { body, statusCode: page.status, headers }
    if (stale && !page.revalidating) {
      page.revalidating = true
      // The re-render stores itself through render:response; the stale entry serves until then.
      // The path alone names the page (its language included): no visitor header goes along.
      useNitroApp()
        .localFetch(page.path, { headers: { [REVALIDATE_HEADER]: revalidateToken } })
        .then((r) => r.arrayBuffer())
        .catch((err: unknown) => log.warn('revalidation failed', { err: String(err), path: page.path }))
        .finally(() => (page.revalidating = false))
    }
  })

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
    storePage(target.key, target.generation, { path: event.path, status, headers, body: response.body }).catch((err: unknown) =>
      log.warn('could not store', { err: String(err), path: event.path }),
    )
  })
})
