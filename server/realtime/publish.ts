import Pusher from 'pusher'
import type { TRealtimePublicConfig } from '../../shared/realtime'
import { useConfig, type TConfig } from '../lib/config'
import { useLogger } from '../lib/log'

/**
 * The server's side of realtime: the official `pusher` client, and what browsers are
 * told about where to connect. Both follow the PUSHER_* variables, so moving from the
 * endpoint embedded in this server to hosted Pusher or Soketi is configuration only.
 */
export function createPusherClient(cfg: TConfig = useConfig()): Pusher {
  const base = { appId: cfg.PUSHER_APP_ID, key: cfg.PUSHER_KEY, secret: cfg.PUSHER_SECRET, useTLS: cfg.PUSHER_USE_TLS, timeout: 5000 }
  if (cfg.PUSHER_CLUSTER && !cfg.PUSHER_HOST) return new Pusher({ ...base, cluster: cfg.PUSHER_CLUSTER })
  // Our own endpoint listens on PORT; an external host (Soketi) gets PUSHER_PORT or the scheme's default.
  const port = cfg.PUSHER_HOST ? cfg.PUSHER_PORT : (cfg.PUSHER_PORT ?? cfg.PORT)
  return new Pusher({
    ...base,
    host: cfg.PUSHER_HOST ?? '127.0.0.1',
    ...(port ? { port: String(port) } : {}),
  })
}

/**
 * `runtimeConfig.public.pusher` for the browser. Empty host and cluster: the embedded
 * endpoint on the page's own origin. PUSHER_WS_* name a browser-facing address when
 * the server reaches Soketi at an internal one.
 */
export function browserRealtimeSettings(cfg: TConfig = useConfig()): TRealtimePublicConfig {
  const key = cfg.PUSHER_KEY
  const cluster = cfg.PUSHER_CLUSTER ?? ''
  if (cfg.PUSHER_WS_HOST) {
    return { key, cluster, host: cfg.PUSHER_WS_HOST, port: cfg.PUSHER_WS_PORT ?? 0, tls: cfg.PUSHER_WS_TLS ?? cfg.PUSHER_USE_TLS }
  }
  if (cfg.PUSHER_HOST) return { key, cluster, host: cfg.PUSHER_HOST, port: cfg.PUSHER_PORT ?? 0, tls: cfg.PUSHER_USE_TLS }
  return { key, cluster, host: '', port: 0, tls: Boolean(cfg.PUSHER_CLUSTER) }
}

let shared: Pusher | undefined

export function usePusher(): Pusher {
  shared ??= createPusherClient()
  return shared
}

/** Tests that change PUSHER_* call this (with resetConfigForTests) to build the client again. */
export function resetPusherForTests(): void {
  shared = undefined
}

function isReplayRefusal(e: unknown): boolean {
  const err = e as { status?: number; body?: string }
  return err.status === 401 && typeof err.body === 'string' && /replay/i.test(err.body)
}

/**
 * Sends `event` to everyone subscribed to `channel`; `exceptSocketId` skips the tab that
 * caused it. The embedded endpoint refuses a signed request seen before, and the
 * official client signs to the second: the same event to the same channel twice in one
 * second is signed identically, so that one is re-signed in the next second.
 */
export async function trigger(channel: string | string[], event: string, data: unknown, exceptSocketId?: string): Promise<void> {
  const params = exceptSocketId ? { socket_id: exceptSocketId } : undefined
  try {
    await usePusher().trigger(channel, event, data, params)
  } catch (e) {
    if (!isReplayRefusal(e)) throw e
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5))
    await usePusher().trigger(channel, event, data, params)
  }
}

/**
 * For signals whose loss costs nothing but a little freshness (the authoritative
 * state is re-read on the next request): logs a failure instead of failing the caller.
 */
export async function triggerQuietly(channel: string, event: string, data: unknown): Promise<void> {
  try {
    await trigger(channel, event, data)
  } catch (e) {
    useLogger('realtime').warn('realtime event not delivered', { channel, event, err: e instanceof Error ? e.message : String(e) })
  }
}
