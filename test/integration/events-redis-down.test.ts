import { afterAll, beforeAll, expect, it } from 'vitest'
import { defineListeners } from '../../server/events/listeners'
import { publish } from '../../server/events/publish'
import { closeDb, useDb, type PrismaClient } from '../../server/lib/db'
import { startWorker, type TWorkerHandle } from '../../server/workers/worker'
import { createTestDatabase } from '../helpers/db'
import { freePort, RedisServer, waitFor } from '../helpers/events'

process.env.LOG_LEVEL = 'silent'

let drop: () => Promise<void>
let db: PrismaClient
let worker: TWorkerHandle
let redis: RedisServer
const handled = new Set<string>()

beforeAll(async () => {
  const t = await createTestDatabase('events_down')
  drop = t.drop
  db = useDb(t.url)
  redis = new RedisServer(await freePort())
  await redis.start()
  const listeners = [
    defineListeners('notification', {
      OrderPaid: async (_p, m) => {
        handled.add(m.eventId)
      },
    }),
  ]
  worker = await startWorker({ databaseUrl: t.url, redisUrl: redis.url, prefix: 'down', listeners, jobs: false })
})

afterAll(async () => {
  await worker?.stop()
  await redis?.stop()
  await closeDb()
  await drop?.()
})

const paid = (n: number) => ({ orderId: `o${n}`, userId: 'u1', amount: '4900.00', currency: 'KZT' })
const unrelayed = async (ids: string[]) =>
  (await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM event_outbox WHERE relayed_at IS NULL AND id = ANY(${ids}::uuid[])`)[0].n

it('keeps events in the outbox while Redis is down and delivers them when it returns', async () => {
  const before = await publish(db, 'OrderPaid', paid(0))
  await waitFor(() => handled.has(before), 'delivery while Redis is up')

  await redis.stop()
  const ids: string[] = []
  for (let i = 1; i <= 20; i++) ids.push(await db.$transaction((tx) => publish(tx, 'OrderPaid', paid(i))))
  await new Promise((r) => setTimeout(r, 1500)) // several relay attempts fail meanwhile
  expect(await unrelayed(ids)).toBe(20n)
  expect(worker.relay!.stats.failures).toBeGreaterThan(0)
  const [row] = await db.$queryRaw<{ attempts: number; last_error: string | null }[]>`
    SELECT attempts, last_error FROM event_outbox WHERE id = ${ids[0]}::uuid`
  expect(row.attempts).toBeGreaterThan(0)
  expect(row.last_error).toBeTruthy()
  expect(ids.some((id) => handled.has(id))).toBe(false)

  await redis.start()
  await waitFor(async () => (await unrelayed(ids)) === 0n, 'rows relayed after Redis returns', 30_000)
  await waitFor(() => ids.every((id) => handled.has(id)), 'every event handled', 30_000)
  expect(worker.relay!.stats.failures).toBe(0)
})
