import { parseSentryDsn, sentryEnvelope } from '~/utils/analytics-ids'

// A minimal error reporter instead of the Sentry SDK: off unless NUXT_PUBLIC_SENTRY_DSN
// is set, then it posts each uncaught error as an envelope to the DSN's project. text/plain
// avoids a CORS preflight (Sentry accepts it); a cap stops a render loop from flooding.
// Server-side errors are reported by server/lib/sentry.ts (@sentry/node).
const MAX_EVENTS_PER_PAGE = 10

export default defineNuxtPlugin((nuxtApp) => {
  const { sentryDsn, region } = useRuntimeConfig().public
  const target = typeof sentryDsn === 'string' && sentryDsn ? parseSentryDsn(sentryDsn) : null
  if (!target) return

  let sent = 0
  const report = (err: unknown, mechanism: string) => {
    if (sent >= MAX_EVENTS_PER_PAGE) return
    sent++
    const e = err instanceof Error ? err : new Error(String(err))
    const event = {
      event_id: crypto.randomUUID().replace(/-/g, ''),
      timestamp: Date.now() / 1000,
      platform: 'javascript',
      level: 'error',
      environment: import.meta.dev ? 'development' : 'production',
      tags: { region: String(region), mechanism },
      request: { url: location.href, headers: { 'User-Agent': navigator.userAgent } },
      exception: { values: [{ type: e.name, value: e.message }] },
      extra: { stack: e.stack },
    }
    fetch(target.envelopeUrl, {
      method: 'POST',
      body: sentryEnvelope(event),
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      keepalive: true,
    }).catch(() => {
      // Reporting must never break the page; the error is still in the console.
    })
  }

  nuxtApp.hook('vue:error', (err) => report(err, 'vue'))
  nuxtApp.hook('app:error', (err) => report(err, 'app'))
  window.addEventListener('error', (ev) => report(ev.error ?? ev.message, 'onerror'))
  window.addEventListener('unhandledrejection', (ev) => report(ev.reason, 'onunhandledrejection'))
})
