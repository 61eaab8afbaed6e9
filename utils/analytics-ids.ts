// Ids come from env (NUXT_PUBLIC_GTM_ID, ...) and end up inside a <script>: accept
// only their documented shapes so a bad value cannot inject code.
export const isGtmId = (id: string) => /^GTM-[A-Z0-9]{4,12}$/.test(id)
export const isMetricaId = (id: string) => /^\d{4,12}$/.test(id)

export interface TSentryDsn {
  /**
   * POST target for an envelope (Sentry's ingest API; the older /store/ endpoint is
   * deprecated). The key travels in the query, so no custom header, no CORS preflight.
   */
  envelopeUrl: string
  publicKey: string
  projectId: string
}

/** `https://<key>@<host>[/<path>]/<project>` → the envelope endpoint, or null when the DSN is not valid. */
export function parseSentryDsn(dsn: string): TSentryDsn | null {
  let url: URL
  try {
    url = new URL(dsn)
  } catch {
    return null
  }
  const segments = url.pathname.split('/').filter(Boolean)
  const projectId = segments.pop()
  if (!url.username || !projectId || !/^\d+$/.test(projectId) || !/^https?:$/.test(url.protocol)) return null
  const prefix = segments.length ? `/${segments.join('/')}` : ''
  const query = `sentry_key=${encodeURIComponent(url.username)}&sentry_version=7`
  return {
    envelopeUrl: `${url.protocol}//${url.host}${prefix}/api/${projectId}/envelope/?${query}`,
    publicKey: url.username,
    projectId,
  }
}

/** One event as a Sentry envelope: envelope header, item header, payload, one JSON per line. */
export function sentryEnvelope(event: { event_id: string } & Record<string, unknown>): string {
  const header = { event_id: event.event_id, sent_at: new Date().toISOString() }
  return `${JSON.stringify(header)}\n${JSON.stringify({ type: 'event' })}\n${JSON.stringify(event)}\n`
}
