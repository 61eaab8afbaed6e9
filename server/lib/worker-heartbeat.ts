import type { Redis } from 'ioredis'
import { z } from 'zod'
import { useConfig } from './config'

/**
 * The worker proves it is alive by refreshing a short-lived key; the web /ping reads
 * it. A worker that dies or loses Redis lets the key expire within TTL_MS.
 */
const INTERVAL_MS = 5000
const TTL_MS = 15_000

const ZHeartbeatSchema = z.object({ pid: z.number(), at: z.string() })

export function heartbeatKey(prefix = useConfig().REDIS_PREFIX): string {
  return `${prefix}:worker:heartbeat`
}

export function startHeartbeat(redis: Redis, prefix?: string, intervalMs = INTERVAL_MS): { stop(): Promise<void> } {
  const key = heartbeatKey(prefix)
  const beat = () =>
    redis.set(key, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }), 'PX', TTL_MS).catch(() => {})
  void beat()
  // A connection without an offline queue drops the first beat if not yet connected,
  // and a reconnect after an outage should not wait for the next tick.
  const onReady = () => void beat()
  redis.on('ready', onReady)
  const timer = setInterval(beat, intervalMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      redis.off('ready', onReady)
      // A stopped worker is not alive: say so at once rather than after the TTL, unless
      // another replica has written the key since (then it is that one's heartbeat).
      const raw = await redis.get(key).catch(() => null)
      if (raw && ZHeartbeatSchema.safeParse(JSON.parse(raw)).data?.pid === process.pid) await redis.del(key).catch(() => {})
    },
  }
}

export async function readWorkerHeartbeat(
  redis: Redis,
  prefix?: string,
): Promise<{ alive: boolean; at: string | null; pid: number | null }> {
  const raw = await redis.get(heartbeatKey(prefix))
  const parsed = raw ? ZHeartbeatSchema.safeParse(JSON.parse(raw)) : null
  if (!parsed?.success) return { alive: false, at: null, pid: null }
  return { alive: true, at: parsed.data.at, pid: parsed.data.pid }
}
