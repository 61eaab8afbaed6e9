import type { NuxtError } from '#app'

/**
 * What a public page does when its data did not come: the API's own status becomes the
 * page's (404 for a slug nobody published), and anything else (the database is down, a
 * timeout) is a 503, never a 404 or an empty list: a crawler would drop the page and the
 * page cache would keep the wrong answer. Error answers are not cached
 * (server/lib/page-cache.ts stores 200s only).
 */
export function throwPublicPageError(error: NuxtError | null | undefined, found: boolean): void {
  if (!error && found) return
  const status = error?.statusCode
  const statusCode = !error || status === 404 ? 404 : status && status >= 400 && status < 500 ? status : 503
  throw createError({ statusCode, statusMessage: statusCode === 404 ? 'Not found' : 'Unavailable', fatal: true })
}
