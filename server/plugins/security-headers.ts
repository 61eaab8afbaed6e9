import { randomBytes } from 'node:crypto'
import { setResponseHeader } from 'h3'
import { defineNitroPlugin, useRuntimeConfig } from 'nitropack/runtime'
import { addNonce, pagePolicy, setSecurityHeaders } from '../http/security-headers'

// Every answer gets the security headers; a rendered page then gets its own CSP with
// a fresh nonce on its scripts. The dev server (Vite's injected scripts, HMR) is left alone.
export default defineNitroPlugin((nitroApp) => {
  if (import.meta.dev) return
  nitroApp.hooks.hook('request', (event) => setSecurityHeaders(event))
  nitroApp.hooks.hook('render:html', (html, { event }) => {
    const nonce = randomBytes(16).toString('base64')
    html.head = addNonce(html.head, nonce)
    html.bodyPrepend = addNonce(html.bodyPrepend, nonce)
    html.body = addNonce(html.body, nonce)
    html.bodyAppend = addNonce(html.bodyAppend, nonce)
    const pub = useRuntimeConfig(event).public as {
      gtmId?: string
      yandexMetricaId?: string
      sentryDsn?: string
      pusher?: { host?: string; port?: number; tls?: boolean; cluster?: string }
    }
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
      pagePolicy({ nonce, gtmId: pub.gtmId, yandexMetricaId: pub.yandexMetricaId, sentryDsn: pub.sentryDsn, realtimeOrigins: realtime }),
    )
  })
})
