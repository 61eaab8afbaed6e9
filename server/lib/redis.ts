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
