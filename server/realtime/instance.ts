import { useConfig } from '../lib/config'
import { useLogger } from '../lib/log'
import { createRedis, createRedisSubscriber } from '../lib/redis'
import { createRedisBackplane } from './backplane'
import type { TRealtimeApp } from './http'
import { RealtimeHub } from './hub'

/**
 * Builds a hub fanned out through Redis. Each web process has one (see useRealtimeApp);
 * tests build several to stand for several processes.
 */
export async function createRealtimeApp(
  opts: { redisUrl?: string; prefix?: string; appId?: string; key?: string; secret?: string; activityTimeoutSeconds?: number; pongTimeoutSeconds?: number } = {},
): Promise<TRealtimeApp> {
  const cfg = useConfig()
  const redisUrl = opts.redisUrl ?? cfg.REDIS_URL
  const key = opts.key ?? cfg.PUSHER_KEY
  const secret = opts.secret ?? cfg.PUSHER_SECRET
  const log = useLogger('realtime')
  const backplane = createRedisBackplane({
    pub: createRedis(redisUrl),
    sub: createRedisSubscriber(redisUrl),
    prefix: opts.prefix ?? cfg.REDIS_PREFIX,
  })
  const hub = new RealtimeHub({
    appKey: key,
    secret,
    backplane,
    activityTimeoutSeconds: opts.activityTimeoutSeconds,
    pongTimeoutSeconds: opts.pongTimeoutSeconds,
    onError: (msg, data) => log.error(msg, data),
  })
  await hub.start()
  return { hub, appId: opts.appId ?? cfg.PUSHER_APP_ID, key, secret }
}

let shared: Promise<TRealtimeApp> | undefined

/** The process-wide hub the Nitro routes use; started on the first socket or trigger. */
export function useRealtimeApp(): Promise<TRealtimeApp> {
  shared ??= createRealtimeApp().catch((e: unknown) => {
    shared = undefined
    throw e
  })
  return shared
}

export async function closeRealtimeApp(): Promise<void> {
  const p = shared
  shared = undefined
  if (p) await (await p).hub.close()
}
