import Pusher from 'pusher-js'

let client: Pusher | undefined
let authHeaders: (() => Record<string, string>) | undefined

/**
 * The browser's pusher-js client, pointed at the endpoint embedded in our own
 * server (same host and port as the page). Returns null during SSR: sockets only
 * live in the browser. Private/presence channels are authorized by
 * /api/realtime/auth, which reads `Authorization: Bearer <access token>`: pass
 * `authHeaders` (read on every authorization, so a refreshed token is used).
 */
export function useRealtime(opts: { authHeaders?: () => Record<string, string> } = {}): Pusher | null {
  if (import.meta.server) return null
  if (opts.authHeaders) authHeaders = opts.authHeaders
  if (client) return client
  const config = useRuntimeConfig()
  const tls = window.location.protocol === 'https:'
  const port = Number(window.location.port) || (tls ? 443 : 80)
  client = new Pusher(String(config.public.pusherKey), {
    // pusher-js insists on a cluster; with wsHost set it is never used to build a URL.
    cluster: 'embedded',
    wsHost: window.location.hostname,
    wsPort: port,
    wssPort: port,
    forceTLS: tls,
    enabledTransports: ['ws', 'wss'],
    disableStats: true,
    channelAuthorization: {
      endpoint: '/api/realtime/auth',
      transport: 'ajax',
      headersProvider: () => authHeaders?.() ?? {},
    },
  })
  return client
}
