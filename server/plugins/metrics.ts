import type { H3Event } from 'h3'
import { getResponseStatus } from 'h3'
import { defineNitroPlugin } from 'nitropack/runtime'
import { registerEventMetrics } from '../events/metrics'
import { useDb } from '../lib/db'
import { gauge, observeHttpRequest } from '../lib/metrics'
import { realtimeConnectionCount } from '../realtime/instance'

/**
 * Request latency per route pattern for /metrics (server/routes/metrics.get.ts), plus
 * the event pipeline and realtime gauges. The route label is the pattern Nitro's router
 * matched (`/api/workspace/:id`); requests no route matched (static assets, unknown
 * paths outside /api) share one label, so the label set stays bounded. A page served
 * from the page cache never reaches these hooks: server/plugins/page-cache.ts counts it.
 */
const UNMATCHED = '(unmatched)'

interface TTimed {
  d24MetricsStart?: number
  d24MetricsDone?: boolean
}

export default defineNitroPlugin((nitroApp) => {
  const observe = (event: H3Event, status: number) => {
    const ctx = event.context as TTimed
    if (ctx.d24MetricsStart === undefined || ctx.d24MetricsDone) return
    ctx.d24MetricsDone = true
    const route = (event.context.matchedRoute as { path?: string } | undefined)?.path ?? UNMATCHED
    observeHttpRequest(event.method, route, status, (performance.now() - ctx.d24MetricsStart) / 1000)
  }

  nitroApp.hooks.hook('request', (event) => {
    ;(event.context as TTimed).d24MetricsStart = performance.now()
  })
  nitroApp.hooks.hook('afterResponse', (event) => observe(event, getResponseStatus(event)))
  // Nuxt renders its error page itself and then skips afterResponse: count it here.
  nitroApp.hooks.hook('error', (error, { event }) => {
    if (event) observe(event, (error as { statusCode?: number }).statusCode ?? 500)
  })

  registerEventMetrics({ db: () => useDb() })
  gauge('d24_realtime_connections', 'Open realtime (Pusher protocol) websocket connections of this process', [], async (g) => {
    g.set(await realtimeConnectionCount())
  })
})
