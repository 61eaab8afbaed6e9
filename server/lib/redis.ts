import { Redis, type RedisOptions } from 'ioredis'
import { useConfig } from './config'

/**
 * Redis connections. BullMQ needs `maxRetriesPerRequest: null` on connections it
 * blocks on; we use it everywhere so a Redis outage makes calls wait and resume
 * instead of throwing mid-flight (the outbox covers publishing meanwhile).
 */
export function createRedis(url = useConfig().REDIS_URL, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    ...extra,
  })
}

/**
 * A connection for SUBSCRIBE. ioredis 5.8+ sends its INFO ready check after the
 * connection is up; a SUBSCRIBE written in between puts the connection in subscriber
 * mode first, the check is refused ("Connection in subscriber mode"), and the
 * connection reconnects and drops messages meanwhile (redis/ioredis#2037). A
 * subscriber needs no ready check: it only waits for messages.
 */
export function createRedisSubscriber(url = useConfig().REDIS_URL, extra: RedisOptions = {}): Redis {
  return createRedis(url, { ...extra, enableReadyCheck: false })
}

let shared: Redis | undefined

/** The process-wide shared connection for plain commands (not for subscribers or blocking calls). */
export function useRedis(): Redis {
  shared ??= createRedis()
  return shared
}

export async function closeRedis(): Promise<void> {
  const r = shared
  shared = undefined
  if (r) await r.quit().catch(() => r.disconnect())
}
