import type { Redis } from 'ioredis'

/**
 * Once the relay has marked an event relayed, Redis holds its job until a listener
 * commits the receipt. The sweep re-sends what an empty Redis lost, but only after
 * EVENTS_REDELIVER_AFTER_MS, and an evicted key can corrupt a queue: production Redis
 * must write an append-only file and never evict (maxmemory-policy noeviction).
 * Read through INFO, which managed Redis services allow where CONFIG is disabled.
 */
export async function redisDurabilityProblems(redis: Redis): Promise<string[]> {
  const info = await redis.info()
  const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim()
  const problems: string[] = []
  const policy = field('maxmemory_policy')
  if (policy !== undefined && policy !== 'noeviction') {
    problems.push(`maxmemory-policy is ${policy}: Redis may evict queue keys under memory pressure; set it to noeviction`)
  }
  if (field('aof_enabled') !== '1') {
    problems.push(
      'persistence is off (appendonly no): a restart loses every queued job until the sweep re-sends it; set appendonly yes',
    )
  }
  return problems
}
