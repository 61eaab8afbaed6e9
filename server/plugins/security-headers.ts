import { randomBytes } from 'node:crypto'
import { setResponseHeader } from 'h3'
import { defineNitroPlugin, getRouteRules, useRuntimeConfig } from 'nitropack/runtime'
import { addNonce, CLIENT_INSERTED_SCRIPT_HASHES, pagePolicy, setSecurityHeaders } from '../http/security-headers'
import { useConfig } from '../lib/config'
import { inlineScriptHashes } from '../lib/page-cache'

/** NCALayer's documented local address (utils/ncalayer.ts uses it unless ncaLayerUrl says otherwise). */
const NCALAYER_DEFAULT_URL = 'wss://127.0.0.1:13579'
const wsOrigin = (url: string): string | undefined => {
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.host}`
  } catch {
    return undefined
  }
}

// Every answer gets the security headers; a rendered page then gets its own CSP with
// a fresh nonce on its scripts. The dev server (Vite's injected scripts, HMR) is left alone.
export default defineNitroPlugin((nitroApp) => {
  if (import.meta.dev) return
  nitroApp.hooks.hook('request', (event) => setSecurityHeaders(event))
  nitroApp.hooks.hook('render:html', (html, { event }) => {
    // A render for the page cache is served to many visitors: a nonce all of them saw
    // would protect nothing, so its inline scripts are allowed by their hashes instead.
    const forCache = Boolean(event.context.d24PageCache)
    const nonce = forCache ? undefined : randomBytes(16).toString('base64')
    if (nonce) {
      html.head = addNonce(html.head, nonce)
      html.bodyPrepend = addNonce(html.bodyPrepend, nonce)
      html.body = addNonce(html.body, nonce)
      html.bodyAppend = addNonce(html.bodyAppend, nonce)
    }
    const hashes = forCache ? inlineScriptHashes([...html.head, ...html.bodyPrepend, ...html.body, ...html.bodyAppend].join('')) : undefined
    // A page rendered in the browser: the UI kit's own run-time script (security-headers.ts explains).
    const clientRendered = getRouteRules(event).ssr === false ? CLIENT_INSERTED_SCRIPT_HASHES : []
    const pub = useRuntimeConfig(event).public as {
      gtmId?: string
      yandexMetricaId?: string
      sentryDsn?: string
      pusher?: { host?: string; port?: number; tls?: boolean; cluster?: string }
      ncaLayerUrl?: string
    }
    const s3Origin = wsOrigin(useConfig().S3_ENDPOINT)
    const realtime: string[] = []
    if (pub.pusher?.host) {
      const tls = Boolean(pub.pusher.tls)
      const port = pub.pusher.port ? `:${pub.pusher.port}` : ''
      realtime.push(`${tls ? 'wss' : 'ws'}://${pub.pusher.host}${port}`, `${tls ? 'https' : 'http'}://${pub.pusher.host}${port}`)
    } else if (pub.pusher?.cluster) {
      realtime.push(`wss://ws-${pub.pusher.cluster}.pusher.com`, `https://sockjs-${pub.pusher.cluster}.pusher.com`)
    }
    setResponseHeader(
      event,
      'content-security-policy',
      pagePolicy({ nonce, hashes: [...(hashes ?? []), ...clientRendered], gtmId: pub.gtmId, yandexMetricaId: pub.yandexMetricaId, sentryDsn: pub.sentryDsn, realtimeOrigins: realtime, connectOrigins: [s3Origin, wsOrigin(pub.ncaLayerUrl || NCALAYER_DEFAULT_URL)].filter((o): o is string => Boolean(o)) }),
    )
  })
})
