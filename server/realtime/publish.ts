import Pusher from 'pusher'
import { useConfig, type TConfig } from '../lib/config'

/**
 * Our server publishes only through the official `pusher` client, so moving to
 * hosted Pusher or Soketi is a matter of PUSHER_* variables. By default it talks
 * to the endpoint embedded in this very server (127.0.0.1:PORT).
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

let shared: Pusher | undefined

export function useRealtime(): Pusher {
  shared ??= createPusherClient()
  return shared
}

/**
 * Sends `event` to everyone subscribed to `channel`. `data` is JSON-encoded by the
 * client; pass `exceptSocketId` to skip the browser tab that caused the change.
 */
export async function trigger(channel: string | string[], event: string, data: unknown, exceptSocketId?: string): Promise<void> {
  await useRealtime().trigger(channel, event, data, exceptSocketId ? { socket_id: exceptSocketId } : undefined)
}
