import { useConfig, type TConfig } from '../lib/config'
import { AppError } from '../lib/errors'
import { useLogger } from '../lib/log'
import { isDraining } from '../lib/shutdown'
import { createRedis, createRedisSubscriber } from '../lib/redis'
import { createRedisBackplane } from './backplane-redis'
import type { TRealtimeApp } from './http'
import { RealtimeHub } from './hub'
import type { TRealtimeLimits } from './protocol'
import { createWebhookSender } from './webhooks'

export interface TRealtimeAppOptions {
  redisUrl?: string
  prefix?: string
  appId?: string
  key?: string
  secret?: string
  clientEvents?: boolean
  webhookUrl?: string
  limits?: Partial<TRealtimeLimits>
  activityTimeoutSeconds?: number
  pongTimeoutSeconds?: number
}

/** The REALTIME_* limits of the configuration. */
export function configuredLimits(cfg: TConfig = useConfig()): TRealtimeLimits {
  return {
    maxMessageBytes: cfg.REALTIME_MAX_MESSAGE_BYTES,
    maxSubscriptionsPerConnection: cfg.REALTIME_MAX_SUBSCRIPTIONS,
    maxConnectionsPerIp: cfg.REALTIME_MAX_CONNECTIONS_PER_IP,
  }
}

/**
 * Builds a hub fanned out through Redis, from the configuration unless told otherwise.
 * Each web process has one (see useRealtimeApp); tests build several to stand for
 * several processes, or for a separately configured endpoint (Soketi's stand-in).
 */
export async function createRealtimeApp(opts: TRealtimeAppOptions = {}): Promise<TRealtimeApp> {
  const cfg = useConfig()
  const redisUrl = opts.redisUrl ?? cfg.REDIS_URL
  const key = opts.key ?? cfg.PUSHER_KEY
  const secret = opts.secret ?? cfg.PUSHER_SECRET
  const log = useLogger('realtime')
  const onError = (msg: string, data: Record<string, unknown>) => log.error(msg, data)
  const backplane = createRedisBackplane({
    pub: createRedis(redisUrl),
    sub: createRedisSubscriber(redisUrl),
    prefix: opts.prefix ?? cfg.REDIS_PREFIX,
  })
  const webhookUrl = opts.webhookUrl ?? cfg.REALTIME_WEBHOOK_URL
  const hub = new RealtimeHub({
    appKey: key,
    secret,
    backplane,
    limits: { ...configuredLimits(cfg), ...opts.limits },
    clientEvents: opts.clientEvents ?? cfg.REALTIME_CLIENT_EVENTS,
    webhooks: webhookUrl ? createWebhookSender({ url: webhookUrl, key, secret, onError }) : undefined,
    activityTimeoutSeconds: opts.activityTimeoutSeconds,
    pongTimeoutSeconds: opts.pongTimeoutSeconds,
    onError,
  })
  await hub.start()
  return { hub, appId: opts.appId ?? cfg.PUSHER_APP_ID, key, secret, trustProxy: cfg.TRUST_PROXY }
}

let shared: Promise<TRealtimeApp> | undefined

/** The process-wide hub the Nitro routes use; started on the first socket or trigger. */
export function useRealtimeApp(): Promise<TRealtimeApp> {
  // A draining process has closed its hub (sockets told to reconnect elsewhere): no new one.
  if (isDraining() && !shared) return Promise.reject(new AppError('UNAVAILABLE', 'This server is shutting down.', { retryAfter: 1 }))
  shared ??= createRealtimeApp().catch((e: unknown) => {
    shared = undefined
    throw e
  })
  return shared
}

/** Connections of this process's hub; 0 while no socket or trigger has started it (never starts it). */
export async function realtimeConnectionCount(): Promise<number> {
  const p = shared
  if (!p) return 0
  return (await p.catch(() => null))?.hub.connectionCount ?? 0
}

export async function closeRealtimeApp(): Promise<void> {
  const p = shared
  shared = undefined
  if (p) await (await p).hub.close()
}
