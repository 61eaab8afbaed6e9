import type { H3Event } from 'h3'
import { appendResponseHeader, getRequestHeader, setResponseHeader, setResponseStatus } from 'h3'

/**
 * CORS for the origins in CORS_ORIGINS only. A listed origin gets its own origin
 * echoed back with credentials; any other origin gets no CORS header at all, so the
 * browser keeps its same-origin rule. Preflights of listed origins are answered here
 * (204) and never reach a route.
 */
export const CORS_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS'
export const CORS_HEADERS = 'Authorization, Content-Type, X-Workspace-Id'
export const CORS_MAX_AGE = 600

/** Returns true when it answered the request (a preflight of an allowed origin). */
export function handleCors(event: H3Event, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return false
  const origin = getRequestHeader(event, 'origin')
  // The answer depends on Origin whether or not it is listed: caches must keep them apart.
  appendResponseHeader(event, 'vary', 'Origin')
  if (!origin || !allowed.includes(origin.replace(/\/+$/, ''))) return false
  setResponseHeader(event, 'access-control-allow-origin', origin)
  setResponseHeader(event, 'access-control-allow-credentials', 'true')
  const preflight = event.method === 'OPTIONS' && getRequestHeader(event, 'access-control-request-method')
  if (!preflight) {
    setResponseHeader(event, 'access-control-expose-headers', 'Retry-After')
    return false
  }
  setResponseHeader(event, 'access-control-allow-methods', CORS_METHODS)
  setResponseHeader(event, 'access-control-allow-headers', CORS_HEADERS)
  setResponseHeader(event, 'access-control-max-age', CORS_MAX_AGE)
  setResponseStatus(event, 204)
  return true
}
