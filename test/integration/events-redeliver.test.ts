import { afterAll, beforeAll, expect, it } from 'vitest'
import { defineListeners, type TListenerMeta } from '../../server/events/listeners'
import { publish } from '../../server/events/publish'
import { closePgPools, pgTransaction, usePgPool } from '../../server/lib/pg'
import { startWorker, type TWorkerHandle } from '../../server/workers/worker'
import { createTestDatabase } from '../helpers/db'
import { freePort, RedisServer, waitFor } from '../helpers/events'

process.env.LOG_LEVEL = 'silent'

/**
 * The incident behind issue 7: a Redis that keeps no data (`--save "" --appendonly no`,
 * as `npm run up` starts one when it must) is killed with SIGKILL while thousands of
 * relayed jobs wait in it, and comes back empty. The outbox still knows every event
 * and the receipts tell which listener is missing one: nothing may be lost, nothing
 * applied twice.
 */
const N = 3000
let url: string
let drop: () => Promise<void>
let worker: TWorkerHandle
let redis: RedisServer

async function effect(listener: string, meta: TListenerMeta) {
  await meta.tx.$executeRaw`INSERT INTO listener_effects (event_id, listener) VALUES (${meta.eventId}::uuid, ${listener})`
}

const listeners = [
  defineListeners('notification', { UserLoggedIn: (_p, m) => effect('notification', m) }),
  defineListeners('history', { UserLoggedIn: (_p, m) => effect('history', m) }),
]

const count = async (sql: string, values: unknown[] = []) => Number((await usePgPool(url).query<{ n: string }>(sql, values)).rows[0]!.n)

/** Ten events per transaction, five transactions at a time: a few thousand events in seconds on a busy machine. */
async function publishMany(from: number, to: number): Promise<void> {
  const at = new Date().toISOString()
  const tx = (first: number) =>
    pgTransaction(async (c) => {
      for (let n = first; n < Math.min(first + 10, to); n++) await publish(c, 'UserLoggedIn', { userId: `u${n}`, ip: null, userAgent: null, at })
    }, usePgPool(url))
  for (let i = from; i < to; i += 50) await Promise.all([0, 10, 20, 30, 40].filter((k) => i + k < to).map((k) => tx(i + k)))
}

beforeAll(async () => {
  ;({ url, drop } = await createTestDatabase('events_redeliver'))
  await usePgPool(url).query('CREATE TABLE listener_effects (event_id uuid NOT NULL, listener text NOT NULL)')
  redis = new RedisServer(await freePort())
  await redis.start()
  worker = await startWorker({
    databaseUrl: url,
    redisUrl: redis.url,
    prefix: 'redeliver',
    listeners,
    jobs: false,
    heartbeat: false,
    concurrency: 8,
    relay: { sweep: { redeliverAfterMs: 2000 } },
    defaultJobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 200 } },
  })
})

afterAll(async () => {
  await worker?.stop()
  await redis?.stop()
  await closePgPools()
  await drop?.()
})

it('loses no event and applies none twice when a Redis without persistence is killed half way and comes back empty', async () => {
  await publishMany(0, N / 3)
  // Listeners slower than the publisher, as under load: the relayed jobs pile up in Redis.
  await Promise.all(worker.workers.map((w) => w.pause(true)))
  await publishMany(N / 3, N / 2)
  await waitFor(async () => (await count('SELECT count(*) AS n FROM event_outbox WHERE relayed_at IS NULL')) === 0, 'first half relayed')

  await redis.stop() // SIGKILL: the waiting jobs die with it
  await publishMany(N / 2, N) // the second half waits in the outbox meanwhile
  await redis.start() // empty
  for (const w of worker.workers) w.resume()

  const expected = N * listeners.length
  await waitFor(async () => (await count('SELECT count(*) AS n FROM listener_effects')) >= expected, 'every event handled by every listener', 150_000)
  // Let any late copy show up, then: exactly once per (event, listener).
  await waitFor(async () => (await count('SELECT count(*) AS n FROM event_outbox WHERE handled_at IS NULL')) === 0, 'every row stamped handled', 30_000)
  expect(await count('SELECT count(*) AS n FROM listener_effects')).toBe(expected)
  expect(await count('SELECT count(*) AS n FROM (SELECT 1 FROM listener_effects GROUP BY event_id, listener HAVING count(*) > 1) d')).toBe(0)
  expect(await count('SELECT count(DISTINCT event_id) AS n FROM listener_effects')).toBe(N)
  // Jobs really were lost and sent again (not merely never relayed): the sweep did the work.
  expect(await count('SELECT count(*) AS n FROM event_outbox WHERE redeliveries > 0')).toBeGreaterThan(0)
  expect(worker.relay!.sweep!.stats.redelivered).toBeGreaterThan(0)
}, 240_000)
