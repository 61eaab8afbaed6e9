import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import { createRedis } from '../server/lib/redis'
import { dropDatabase } from '../scripts/lib/migrate'

/**
 * A throwaway database URL and Redis prefix named after the benchmark, and a hard stop:
 * after 170 s `cleanup` runs and the process exits 2, so a stuck run leaves nothing behind.
 */
export function throwawayTarget(name: string, cleanup: () => Promise<unknown>) {
  const base = process.env.BENCH_DATABASE_BASE ?? 'postgresql://postgres@127.0.0.1:5432'
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
  const hardStop = setTimeout(() => {
    console.error('bench: exceeded 3 minutes, aborting')
    void cleanup().finally(() => process.exit(2))
  }, 170_000)
  hardStop.unref()
  const tag = randomBytes(4).toString('hex')
  const dbUrl = `${base}/d24_bench_${name}_${tag}`
  const prefix = `bench:${name}:${tag}`
  const redis = createRedis(redisUrl)
  /** Removes what the run left: its Redis keys, the connection, the database. */
  async function release() {
    await deleteKeys(redis, prefix).catch(() => {})
    await redis.quit().catch(() => {})
    await dropDatabase(dbUrl).catch((e: Error) => console.error(`could not drop ${dbUrl}: ${e.message}`))
  }
  return { REDIS_URL: redisUrl, dbUrl, prefix, redis, release }
}

/** Runs fn n times with at most `concurrency` in flight; resolves with the elapsed seconds. */
export async function runConcurrent(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++)
    }),
  )
  return (performance.now() - t0) / 1000
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

/** Resolves when cond() holds, polling every 5 ms; rejects after timeoutMs. */
export async function until(cond: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0'
  do {
    const [c, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000)
    cursor = c
    if (keys.length) await redis.del(...keys)
  } while (cursor !== '0')
}

export function printTable(rows: [string, string, string][]): void {
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)))
  const line = `+${w.map((n) => '-'.repeat(n + 2)).join('+')}+`
  console.log(line)
  rows.forEach((r, i) => {
    console.log(`| ${r.map((c, j) => (j === 0 ? c.padEnd(w[j]) : c.padStart(w[j]))).join(' | ')} |`)
    if (i === 0) console.log(line)
  })
  console.log(line)
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
