import type { Hooks, Peer } from 'crossws'
import { isDraining } from '../lib/shutdown'
import type { Connection, RealtimeHub } from './hub'
import { PusherErrorCode } from './protocol'

/**
 * The glue between the framework-agnostic hub and h3/crossws. The Nitro route
 * files and the integration tests both mount exactly these functions (REST: rest.ts).
 */
export interface TRealtimeApp {
  hub: RealtimeHub
  appId: string
  key: string
  secret: string
  /** Behind our own proxy: the client IP is the last X-Forwarded-For hop (per-IP cap). */
  trustProxy?: boolean
}

type TGetApp = () => Promise<TRealtimeApp>

/** Options for the ws server under crossws: frames above the limit close the socket (1009) before they are buffered. */
export function websocketServerOptions(maxMessageBytes: number): { maxPayload: number } {
  return { maxPayload: maxMessageBytes }
}

/** The address a socket is counted under. X-Forwarded-For is believed only behind our own proxy, and only its last hop. */
export function peerIp(peer: Peer, trustProxy: boolean | undefined): string {
  if (trustProxy) {
    const hops = (peer.request?.headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean)
    if (hops.length) return hops.at(-1)!.slice(0, 64)
  }
  return peer.remoteAddress ?? 'unknown'
}

/** crossws hooks for `/app/{key}`: one hub connection per websocket peer. */
export function realtimeWebSocketHooks(getApp: TGetApp): Partial<Hooks> {
  const conns = new WeakMap<Peer, Promise<Connection | undefined>>()
  return {
    open(peer) {
      if (isDraining()) {
        // Arrived while this process shuts down: off to another one at once.
        peer.close(PusherErrorCode.GENERIC_RECONNECT, 'Server shutting down')
        return
      }
      const pending = getApp().then(({ hub, trustProxy }) =>
        hub.open(
          { send: (text) => void peer.send(text), close: (code, reason) => peer.close(code, reason) },
          peer.request?.url ?? '/',
          peerIp(peer, trustProxy),
        ),
      )
      conns.set(peer, pending)
      return pending.then(() => undefined)
    },
    async message(peer, message) {
      const conn = await conns.get(peer)
      if (!conn) return
      const { hub } = await getApp()
      await hub.message(conn, message.text())
    },
    async close(peer) {
      const conn = await conns.get(peer)
      conns.delete(peer)
      if (!conn) return
      // During shutdown the hub is gone (it closed this socket itself): nothing to forget.
      const app = await getApp().catch(() => null)
      await app?.hub.closed(conn)
    },
  }
}
