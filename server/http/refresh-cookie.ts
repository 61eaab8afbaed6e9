import type { H3Event } from 'h3'
import { deleteCookie, getCookie, getRequestProtocol, setCookie } from 'h3'
import { REFRESH_COOKIE, REFRESH_MARKER_COOKIE, REFRESH_MAX_AGE_SECONDS } from '../../shared/auth'
import { useConfig } from '../lib/config'

/** Secure when the browser talks TLS to us: an https PUBLIC_URL, or https at our proxy. */
function overTls(event: H3Event): boolean {
  const config = useConfig()
  return config.PUBLIC_URL.startsWith('https://') || getRequestProtocol(event, { xForwardedProto: config.TRUST_PROXY }) === 'https'
}

/**
 * Browsers keep the refresh token in an HttpOnly cookie (an injected script cannot
 * read it), SameSite=Lax (another site cannot make us rotate it). A readable marker
 * with the same lifetime tells the page there is a sign-in to refresh.
 */
export function setRefreshCookie(event: H3Event, refreshToken: string): void {
  const base = { path: '/', sameSite: 'lax' as const, secure: overTls(event), maxAge: REFRESH_MAX_AGE_SECONDS }
  setCookie(event, REFRESH_COOKIE, refreshToken, { ...base, httpOnly: true })
  setCookie(event, REFRESH_MARKER_COOKIE, '1', base)
}

export function clearRefreshCookie(event: H3Event): void {
  const base = { path: '/', sameSite: 'lax' as const, secure: overTls(event) }
  deleteCookie(event, REFRESH_COOKIE, { ...base, httpOnly: true })
  deleteCookie(event, REFRESH_MARKER_COOKIE, base)
}

export function readRefreshCookie(event: H3Event): string | undefined {
  return getCookie(event, REFRESH_COOKIE) || undefined
}
