import { createHash, randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib'
import { useConfig } from './config'
import { useRedis } from './redis'

/**
 * Server cache of the public pages anonymous visitors see (home, catalog, document
 * descriptions, articles). A page is rendered once per path and then served from memory, already compressed, until the content domain calls
 * invalidatePublicPages() or the entry grows stale (then it is served once more while
 * a fresh render replaces it in the background: stale-while-revalidate).
 *
 * Never cached: requests carrying a session (any `auth.*` cookie or an Authorization
 * header: the header renders the user menu for them), answers other than 200 HTML,
 * and answers setting a cookie. The key is the path with its query: the language is its
 * prefix (/kk/, /en/) and no header or cookie chooses it, so two requests with the same
 * key render the same page.
 *
 * The entries live in each web process; an invalidation reaches the other processes
 * through Redis (server/plugins/page-cache.ts subscribes).
 */

/** Public paths whose anonymous render is cached; a leading language prefix is allowed. */
const CACHED = [/^\/$/, /^\/(catalog|documents|articles)(\/.*)?$/]
const LANG_PREFIX = /^\/(ru|kk|en)(?=\/|$)/

export interface TPageCacheOptions {
  /** Seconds an entry is fresh; after it, served stale once while a new render replaces it. 0 turns the cache off. */
  ttlSeconds: number
  /** Seconds after which a stale entry is no longer served at all. */
  staleSeconds: number
  maxEntries: number
  /** Upper bound of the bytes held (raw + compressed bodies). */
  maxBytes: number
}

export interface TCachedPage {
  path: string
  status: number
  headers: Record<string, string>
  raw: Buffer
  br: Buffer
  gzip: Buffer
  storedAt: number
  bytes: number
  revalidating?: boolean
}

const brotli = promisify(brotliCompress)
const gz = promisify(gzip)

let options: TPageCacheOptions = { ttlSeconds: 300, staleSeconds: 86_400, maxEntries: 300, maxBytes: 48 * 1024 * 1024 }
// Map keeps insertion order: re-inserting on a hit makes the first key the least recently used.
const entries = new Map<string, TCachedPage>()
let totalBytes = 0
// Bumped by every invalidation: a render that began before it must not store what it rendered.
let generation = 0

export function configurePageCache(next: Partial<TPageCacheOptions>): void {
  options = { ...options, ...next }
  if (options.ttlSeconds <= 0) clearLocal()
}

export function pageCacheEnabled(): boolean {
  return options.ttlSeconds > 0
}

/** The path without its query and without a leading language prefix: what invalidation matches on. */
export function contentPath(path: string): string {
  const bare = path.split('?')[0]!.split('#')[0]!
  const stripped = bare.replace(LANG_PREFIX, '')
  const out = stripped === '' ? '/' : stripped
  return out.length > 1 ? out.replace(/\/+$/, '') : out
}

export function isPublicPagePath(path: string): boolean {
  return CACHED.some((re) => re.test(contentPath(path)))
}

export interface TPageRequest {
  method: string
  path: string
  cookies: Record<string, string>
  authorization?: string
}

/** Whether the request may be answered from (and its render stored in) the cache. */
export function isAnonymous(req: Pick<TPageRequest, 'cookies' | 'authorization'>): boolean {
  if (req.authorization) return false
  return !Object.keys(req.cookies).some((name) => name.startsWith('auth.'))
}

/** The cache key, or undefined when this request's page is not to be cached. */
export function pageCacheKey(req: TPageRequest): string | undefined {
  if (!pageCacheEnabled()) return undefined
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined
  if (!isPublicPagePath(req.path) || !isAnonymous(req)) return undefined
  // The language is in the path (/kk/…, /en/…); the site reads no cookie or
  // Accept-Language for it (shared/locales.ts), so the path alone names the page.
  return req.path
}

export function pageCacheGeneration(): number {
  return generation
}

export type TLookup = { page: TCachedPage; stale: boolean } | undefined

export function lookupPage(key: string, now = Date.now()): TLookup {
  const page = entries.get(key)
  if (!page) return undefined
  const age = (now - page.storedAt) / 1000
  if (age > options.ttlSeconds + options.staleSeconds) {
    drop(key)
    return undefined
  }
  entries.delete(key)
  entries.set(key, page)
  return { page, stale: age > options.ttlSeconds }
}

/** Stores a rendered page with its compressed forms, unless an invalidation happened since `startedAt` (a generation). */
export async function storePage(
  key: string,
  startedAt: number,
  page: { path: string; status: number; headers: Record<string, string>; body: string },
): Promise<boolean> {
  const raw = Buffer.from(page.body)
  const [br, gzipped] = await Promise.all([
    brotli(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
    gz(raw, { level: 9 }),
  ])
  if (startedAt !== generation || !pageCacheEnabled()) return false
  const bytes = raw.length + br.length + gzipped.length
  if (bytes > options.maxBytes) return false
  drop(key)
  entries.set(key, { path: page.path, status: page.status, headers: page.headers, raw, br, gzip: gzipped, storedAt: Date.now(), bytes })
  totalBytes += bytes
  while (entries.size > options.maxEntries || totalBytes > options.maxBytes) {
    const oldest = entries.keys().next().value
    if (oldest === undefined) break
    drop(oldest)
  }
  return true
}

function drop(key: string): void {
  const page = entries.get(key)
  if (!page) return
  entries.delete(key)
  totalBytes -= page.bytes
}

function clearLocal(): void {
  entries.clear()
  totalBytes = 0
}

/** Drops this process's entries for `paths` (matched without query and language prefix), or all of them. */
export function invalidateLocal(paths?: string[]): number {
  generation++
  if (!paths) {
    const n = entries.size
    clearLocal()
    return n
  }
  const wanted = new Set(paths.map(contentPath))
  let n = 0
  for (const [key, page] of [...entries]) {
    if (wanted.has(contentPath(page.path))) {
      drop(key)
      n++
    }
  }
  return n
}

/** The Redis channel every web process listens on for invalidations (server/plugins/page-cache.ts). */
export function invalidationChannel(): string {
  return `${useConfig().REDIS_PREFIX}:page-cache:invalidate`
}

/** Tells this process's own messages apart when they come back over Redis. */
export const PROCESS_ORIGIN = randomBytes(8).toString('hex')

/**
 * For the content domain: call after publishing (or unpublishing) what the given pages
 * show, e.g. invalidatePublicPages(['/catalog', '/catalog/nda']); no argument drops
 * every cached page. Paths are matched without query and language prefix, so one call
 * covers /catalog, /kk/catalog and /en/catalog. Reaches every web process through
 * Redis, so the worker may call it too.
 */
export async function invalidatePublicPages(paths?: string[]): Promise<void> {
  invalidateLocal(paths)
  await useRedis().publish(invalidationChannel(), JSON.stringify({ from: PROCESS_ORIGIN, paths }))
}

export function pageCacheStats(): { entries: number; bytes: number } {
  return { entries: entries.size, bytes: totalBytes }
}

/** `'sha256-…'` sources of every inline executable script in the html, for a page whose CSP cannot carry a per-response nonce. */
export function inlineScriptHashes(html: string): string[] {
  const out = new Set<string>()
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1] ?? ''
    if (/\ssrc=/.test(attrs) || m[2] === '') continue
    out.add(`'sha256-${createHash('sha256').update(m[2]!).digest('base64')}'`)
  }
  return [...out]
}

/** The best encoding the client accepts among ours: br, then gzip; undefined for identity. */
export function preferredEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  if (!acceptEncoding) return undefined
  const accepted = new Map<string, number>()
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';')
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean)
    if (name) accepted.set(name.trim(), q === undefined ? 1 : Number(q))
  }
  const ok = (name: string) => (accepted.get(name) ?? (accepted.has(name) ? 0 : (accepted.get('*') ?? 0))) > 0
  if (ok('br')) return 'br'
  if (ok('gzip')) return 'gzip'
  return undefined
}
