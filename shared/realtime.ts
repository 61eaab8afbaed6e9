/**
 * Realtime (Pusher Channels protocol) as both sides see it: the channel and event
 * names the server publishes and the browser listens to, and how the browser's
 * pusher-js is configured from the public runtime config. Imports nothing: every
 * page's main script loads it (the event payload schemas are in realtime-events.ts).
 */

/** A person's own channel (their devices only); authorized by /api/realtime/auth. */
export const userChannel = (userId: string): string => `private-user-${userId}`

/** Sessions of the person began or ended; `ended` names the ended ones. */
export const SESSIONS_CHANGED_EVENT = 'sessions-changed'
// Its payload schema is in realtime-events.ts (zod), loaded only where events arrive.

/**
 * `runtimeConfig.public.pusher`, derived on the server from PUSHER_* (server/lib/pusher.ts):
 * an empty host and cluster mean the endpoint embedded in the web server itself.
 */
export interface TRealtimePublicConfig {
  key: string
  cluster: string
  host: string
  /** 0: the scheme's default port. */
  port: number
  tls: boolean
}

export interface TPageLocation {
  hostname: string
  port: string
  protocol: string
}

export interface TPusherClientOptions {
  cluster: string
  wsHost?: string
  wsPort?: number
  wssPort?: number
  forceTLS: boolean
  enabledTransports: ('ws' | 'wss')[]
  disableStats: boolean
}

/** The key and pusher-js options the browser connects with. */
export function pusherClientOptions(cfg: TRealtimePublicConfig, page: TPageLocation): { key: string; options: TPusherClientOptions } {
  const common = { enabledTransports: ['ws', 'wss'] as ('ws' | 'wss')[], disableStats: true }
  if (cfg.host) {
    const port = Number(cfg.port) || (cfg.tls ? 443 : 80)
    // pusher-js insists on a cluster; with wsHost set it never builds a URL from it.
    return { key: cfg.key, options: { ...common, cluster: cfg.cluster || 'custom', wsHost: cfg.host, wsPort: port, wssPort: port, forceTLS: Boolean(cfg.tls) } }
  }
  if (cfg.cluster) return { key: cfg.key, options: { ...common, cluster: cfg.cluster, forceTLS: true } }
  // The embedded endpoint answers on the page's own origin.
  const tls = page.protocol === 'https:'
  const port = Number(page.port) || (tls ? 443 : 80)
  return { key: cfg.key, options: { ...common, cluster: 'embedded', wsHost: page.hostname, wsPort: port, wssPort: port, forceTLS: tls } }
}
