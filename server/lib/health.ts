import { sql } from './db-ping'
import { useRedis } from './redis'
import { pingStorage } from './storage'
import { readWorkerHeartbeat } from './worker-heartbeat'

export type TCheck = 'ok' | 'down'
export interface THealth {
  status: TCheck
  checks: { db: TCheck; redis: TCheck; storage: TCheck; worker: TCheck }
  down: string[]
}

function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([p.catch(() => fallback), new Promise<T>((r) => setTimeout(() => r(fallback), ms).unref())])
}

/** The whole system's health: what GET /ping answers and the k8s probes read. */
export async function systemHealth(): Promise<THealth> {
  const redis = useRedis()
  const [db, redisOk, storage, worker] = await Promise.all([
    sql.ping(2000),
    withTimeout(redis.ping().then((r) => r === 'PONG'), 2000, false),
    withTimeout(pingStorage(), 2000, false),
    withTimeout(readWorkerHeartbeat(redis).then((h) => h.alive), 2000, false),
  ])
  const checks = {
    db: db ? 'ok' : 'down',
    redis: redisOk ? 'ok' : 'down',
    storage: storage ? 'ok' : 'down',
    worker: worker ? 'ok' : 'down',
  } as const
  const down = Object.entries(checks).filter(([, v]) => v === 'down').map(([k]) => k)
  return { status: down.length ? 'down' : 'ok', checks, down }
}
