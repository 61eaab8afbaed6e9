import { createError, defineEventHandler, getRequestHeader, getRouterParam, sendStream, setResponseHeaders, setResponseStatus } from 'h3'
import { mediaKey } from '../../../domains/content'
import { isAppError } from '../../../lib/errors'
import { getObjectStream, statObject } from '../../../lib/storage'

/**
 * GET /media/<id>/<file>: a media library image, public (catalog pages and articles show them).
 * Each name's bytes never change (a new upload is a new id), so browsers and CDNs keep it a
 * year; If-None-Match answers 304. Only names the library makes are read, straight from
 * S3: a deleted image's files are gone with it. Every file is sharp's re-encoding of the
 * upload (server/domains/content/media-files.ts), sent with its exact type and nosniff.
 */
const TYPES: Record<string, string> = { webp: 'image/webp', png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif' }
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const FILE = /^(original|\d{2,4})\.(webp|png|jpg|gif)$/

export default defineEventHandler(async (event) => {
  const id = getRouterParam(event, 'id') ?? ''
  const file = getRouterParam(event, 'file') ?? ''
  const m = FILE.exec(file)
  if (!UUID.test(id) || !m) throw createError({ statusCode: 404, statusMessage: 'Not Found' })
  const key = mediaKey(id, file)
  try {
    const stat = await statObject(key)
    const etag = `"${stat.etag}"`
    setResponseHeaders(event, {
      'cache-control': 'public, max-age=31536000, immutable',
      etag,
      'last-modified': stat.lastModified.toUTCString(),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    })
    if (getRequestHeader(event, 'if-none-match') === etag) {
      setResponseStatus(event, 304)
      return null
    }
    setResponseHeaders(event, { 'content-type': TYPES[m[2]!]!, 'content-length': stat.size })
    return sendStream(event, await getObjectStream(key))
  } catch (e) {
    if (isAppError(e) && e.status === 404) throw createError({ statusCode: 404, statusMessage: 'Not Found' })
    if (isAppError(e) && e.status === 503) {
      setResponseHeaders(event, { 'retry-after': 5, 'cache-control': 'no-store' })
      throw createError({ statusCode: 503, statusMessage: 'Storage unavailable' })
    }
    throw e
  }
})
