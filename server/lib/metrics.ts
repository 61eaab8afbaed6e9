import { createHash, timingSafeEqual } from 'node:crypto'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type Metric } from 'prom-client'
import type { TConfig } from './config'

/**
 * Prometheus metrics of this process (web or worker), served on /metrics. One registry
 * per process; metrics are created once and found again by name, so code that starts
 * twice in one process (tests, the benchmark) does not register a name twice.
 */
let registry: Registry | undefined

export function useMetricsRegistry(): Registry {
  if (!registry) {
    registry = new Registry()
    // Process CPU, memory, event-loop lag, GC: the numbers an operator looks at first.
    collectDefaultMetrics({ register: registry })
  }
  return registry
}

function once<T extends Metric>(name: string, make: (r: Registry) => T): T {
  const r = useMetricsRegistry()
  return (r.getSingleMetric(name) as T | undefined) ?? make(r)
}

export function counter(name: string, help: string, labelNames: string[] = []): Counter {
  return once(name, (r) => new Counter({ name, help, labelNames, registers: [r] }))
}

export function histogram(name: string, help: string, labelNames: string[], buckets: number[]): Histogram {
  return once(name, (r) => new Histogram({ name, help, labelNames, buckets, registers: [r] }))
}

/** A gauge whose value is read when Prometheus scrapes (`collect` sets it). */
export function gauge(name: string, help: string, labelNames: string[], collect: (g: Gauge) => void | Promise<void>): Gauge {
  return once(name, (r) => new Gauge({ name, help, labelNames, registers: [r], collect() { return collect(this) } }))
}

/** Seconds; from a cached API answer (5 ms) to a slow document render (10 s). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/**
 * Request latency per route *pattern* (`/api/workspace/:id`), never the raw URL: label
 * values must stay a bounded set or every distinct id becomes a new time series.
 */
export function httpRequestDuration(): Histogram {
  return histogram('d24_http_request_duration_seconds', 'HTTP request latency by method, route pattern and status', ['method', 'route', 'status'], LATENCY_BUCKETS)
}

export type TMetricsAccess = 'ok' | 'off' | 'unauthorized'

/**
 * Who may read /metrics. With METRICS_TOKEN: only `Authorization: Bearer <token>`.
 * Without it: nobody in production (the endpoint is off: 404), anybody elsewhere.
 */
export function metricsAccess(authorization: string | undefined, cfg: Pick<TConfig, 'METRICS_TOKEN' | 'NODE_ENV'>): TMetricsAccess {
  const token = cfg.METRICS_TOKEN
  if (!token) return cfg.NODE_ENV === 'production' ? 'off' : 'ok'
  const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1]
  if (!given) return 'unauthorized'
  // Equal-length digests: the comparison takes the same time whatever was sent.
  const digest = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(given), digest(token)) ? 'ok' : 'unauthorized'
}

export interface TMetricsAnswer {
  status: 200 | 401 | 404
  headers: Record<string, string>
  body: string
}

/** The whole /metrics answer, for the web route and the worker's health server alike. */
export async function metricsAnswer(authorization: string | undefined, cfg: Pick<TConfig, 'METRICS_TOKEN' | 'NODE_ENV'>): Promise<TMetricsAnswer> {
  const access = metricsAccess(authorization, cfg)
  if (access === 'off') return { status: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'not_found' }) }
  if (access === 'unauthorized') {
    return {
      status: 401,
      headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="metrics"' },
      body: JSON.stringify({ status: 'unauthorized' }),
    }
  }
  const r = useMetricsRegistry()
  return { status: 200, headers: { 'content-type': r.contentType, 'cache-control': 'no-store' }, body: await r.metrics() }
}

/** One request into the latency histogram; `route` is the matched pattern (see httpRequestDuration). */
export function observeHttpRequest(method: string, route: string, status: number, seconds: number): void {
  httpRequestDuration().observe({ method, route, status: String(status) }, seconds)
}
