import { createHash } from 'node:crypto'
import type { H3Event } from 'h3'
import { getRequestProtocol, setResponseHeader } from 'h3'
import { useConfig } from '../lib/config'

/**
 * Security headers of every answer, and the Content-Security-Policy of the pages.
 * Pages get a per-response nonce on each of their <script> tags (Nuxt's own inline
 * config and the color-mode script among them); nothing else may run, apart from
 * our /_nuxt bundles and, when configured, the analytics and error-reporting hosts.
 */
export interface TPagePolicyInput {
  /** Per-response nonce of the page's scripts; a cached page has `hashes` instead. */
  nonce?: string
  /** `'sha256-…'` sources of the inline scripts of a page served to many visitors (the page cache). */
  hashes?: string[]
  gtmId?: string
  yandexMetricaId?: string
  sentryDsn?: string
  /** Where browsers reach the realtime endpoint when it is not this site (Soketi, hosted Pusher). */
  realtimeOrigins?: string[]
  /**
   * Other places pages talk to: the S3 endpoint (presigned uploads and downloads go
   * straight there) and NCALayer's WebSocket on the person's own computer (signing).
   */
  connectOrigins?: string[]
}

const GTM = ['https://www.googletagmanager.com', 'https://*.google-analytics.com', 'https://*.analytics.google.com', 'https://*.googletagmanager.com']
const METRICA = ['https://mc.yandex.ru', 'https://mc.yandex.com', 'https://yastatic.net', 'wss://mc.yandex.ru', 'wss://mc.yandex.com']

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}

export function pagePolicy(p: TPagePolicyInput): string {
  const scripts = ["'self'", ...(p.nonce ? [`'nonce-${p.nonce}'`] : []), ...(p.hashes ?? [])]
  const connect = ["'self'"]
  const images = ["'self'", 'data:', 'blob:']
  if (p.gtmId) {
    scripts.push(...GTM)
    connect.push(...GTM)
    images.push(...GTM)
  }
  if (p.yandexMetricaId) {
    scripts.push(...METRICA)
    connect.push(...METRICA)
    images.push(...METRICA)
  }
  const sentry = originOf(p.sentryDsn)
  if (sentry) connect.push(sentry)
  connect.push(...(p.realtimeOrigins ?? []), ...(p.connectOrigins ?? []).filter((o) => /^(https?|wss?):\/\/[^\s;,']+$/.test(o)))
  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    // Vue binds style attributes and the UI library injects its theme: inline styles stay allowed.
    "style-src 'self' 'unsafe-inline'",
    `img-src ${images.join(' ')}`,
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/**
 * Inline scripts the UI kit inserts from script when a page is rendered in the browser
 * (route rules ssr: false): @nuxt/ui's colors plugin adds its theme style at once and
 * this script, through unhead, to take it out again once the head has the real one.
 * A script inserted at run time carries no nonce, so these exact texts are allowed by
 * their hashes on those pages; anything else inserted so stays blocked. After a kit
 * upgrade, test/e2e/security-headers.spec.ts reports a changed text as a violation.
 */
export const CLIENT_INSERTED_SCRIPTS = ["document.head.removeChild(document.querySelector('[data-nuxt-ui-colors]'))"]
export const CLIENT_INSERTED_SCRIPT_HASHES = CLIENT_INSERTED_SCRIPTS.map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`)

/** For answers that are not our pages (API JSON, files): nothing in them may load or run anything. */
export const NON_PAGE_POLICY = "default-src 'none'; frame-ancestors 'none'"

function overTls(event: H3Event): boolean {
  const config = useConfig()
  return getRequestProtocol(event, { xForwardedProto: config.TRUST_PROXY }) === 'https' || config.PUBLIC_URL.startsWith('https://')
}

export function setSecurityHeaders(event: H3Event): void {
  setResponseHeader(event, 'x-content-type-options', 'nosniff')
  setResponseHeader(event, 'x-frame-options', 'DENY')
  setResponseHeader(event, 'referrer-policy', 'strict-origin-when-cross-origin')
  setResponseHeader(event, 'content-security-policy', NON_PAGE_POLICY)
  const config = useConfig()
  if (config.HSTS_MAX_AGE > 0 && (overTls(event) || config.NODE_ENV === 'production')) {
    setResponseHeader(event, 'strict-transport-security', `max-age=${config.HSTS_MAX_AGE}; includeSubDomains`)
  }
}

/** Adds the nonce to every <script> tag of a rendered page's parts. */
export function addNonce(parts: string[], nonce: string): string[] {
  return parts.map((s) => s.replace(/<script\b(?![^>]*\snonce=)/g, `<script nonce="${nonce}"`))
}
