import { promisify } from 'node:util'
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib'
import { getRequestHeader, getResponseHeader, getResponseStatus, removeResponseHeader, setResponseHeader } from 'h3'
import { defineNitroPlugin } from 'nitropack/runtime'
import { preferredEncoding } from '../lib/page-cache'

// Compresses HTML and JSON answers of 1 KiB or more (a phone on a slow link waited for
// ~500 KB of uncompressed script and page). Files under /_nuxt are compressed at build
// (nitro.compressPublicAssets); the page cache serves its own compressed copies. Streams,
// event streams and websocket upgrades never reach here as a string or object body.
const THRESHOLD = 1024
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|[\w.+-]+\+(json|xml))|image\/svg\+xml)/

const brotli = promisify(brotliCompress)
const gz = promisify(gzip)

function appendVary(current: unknown, value: string): string {
  const list = String(current ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (!list.some((v) => v.toLowerCase() === value.toLowerCase() || v === '*')) list.push(value)
  return list.join(', ')
}

export default defineNitroPlugin((nitroApp) => {
  if (import.meta.dev) return
  nitroApp.hooks.hook('beforeResponse', async (event, response) => {
    if (event.handled || event.method === 'HEAD' || getRequestHeader(event, 'upgrade')) return
    // Nitro's error handler renders the error page through an internal fetch of this
    // route and sends its text on: compressed bytes would reach the browser as garbage.
    if (event.path.startsWith('/__nuxt_error')) return
    const status = getResponseStatus(event)
    if (status < 200 || status === 204 || status === 304) return
    if (getResponseHeader(event, 'content-encoding')) return
    let body = response.body
    let type = String(getResponseHeader(event, 'content-type') ?? '')
    if (typeof body === 'string') {
      if (!type) {
        type = 'text/html;charset=utf-8'
        setResponseHeader(event, 'content-type', type)
      }
    } else if (body && typeof body === 'object' && (body.constructor === Object || Array.isArray(body))) {
      // h3 would send it as JSON: do the same here so the bytes can be compressed.
      body = JSON.stringify(body)
      if (!type) {
        type = 'application/json'
        setResponseHeader(event, 'content-type', type)
      }
    } else {
      return
    }
    if (!COMPRESSIBLE.test(type) || type.startsWith('text/event-stream')) return
    const raw = Buffer.from(body as string)
    if (raw.length < THRESHOLD) {
      response.body = body
      return
    }
    setResponseHeader(event, 'vary', appendVary(getResponseHeader(event, 'vary'), 'Accept-Encoding'))
    const encoding = preferredEncoding(getRequestHeader(event, 'accept-encoding'))
    if (!encoding) {
      response.body = body
      return
    }
    // Quality 4 / level 6: most of the gain for a fraction of the CPU of the maximum;
    // both run on libuv's thread pool, off the event loop.
    response.body =
      encoding === 'br'
        ? await brotli(raw, {
            params: {
              [zlibConstants.BROTLI_PARAM_QUALITY]: 4,
              [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length,
              // A window no larger than the body: the default 4 MiB ring buffer per compression is native memory for nothing.
              [zlibConstants.BROTLI_PARAM_LGWIN]: Math.min(22, Math.max(16, Math.ceil(Math.log2(raw.length)))),
            },
          })
        : await gz(raw, { level: 6 })
    setResponseHeader(event, 'content-encoding', encoding)
    removeResponseHeader(event, 'content-length')
  })
})
