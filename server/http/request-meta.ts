import type { H3Event } from 'h3'
import { getRequestHeader, getRequestIP } from 'h3'
import type { TRequestMeta } from '../domains/auth'
import { useConfig } from '../lib/config'

/**
 * The client IP. X-Forwarded-For is believed only with TRUST_PROXY (behind our own
 * ingress), and then only its last entry, the one our proxy appended: earlier entries
 * are whatever the client sent and would let anyone escape the per-IP limits.
 */
export function clientIp(event: H3Event): string | null {
  if (useConfig().TRUST_PROXY) {
    const hops = (getRequestHeader(event, 'x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean)
    if (hops.length) return hops.at(-1)!.slice(0, 64)
  }
  return getRequestIP(event) ?? null
}

/** Client IP and user agent for sessions, login history and per-IP limits. */
export function requestMeta(event: H3Event): TRequestMeta {
  return { ip: clientIp(event), userAgent: getRequestHeader(event, 'user-agent')?.slice(0, 512) ?? null }
}
