import { afterAll, beforeAll, expect, it } from 'vitest'
import { defineListeners } from '../../server/events/listeners'
import { publish } from '../../server/events/publish'
import { BATCH_JOB, eventJobId, type TEventJobData } from '../../server/events/queues'
import { closePgPools, pgTransaction, usePgPool } from '../../server/lib/pg'
import { createRedis } from '../../server/lib/redis'
import { startWorker, type TWorkerHandle } from '../../server/workers/worker'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { waitFor } from '../helpers/events'

process.env.LOG_LEVEL = 'silent'

let drop: () => Promise<void>
let url: string
let worker: TWorkerHandle | undefined
const prefix = testRedisPrefix('events-pg')
const redis = createRedis('redis://127.0.0.1:6379')
const handled: string[] = []

const listeners = [
  defineListeners('notification', {
    OrderPaid: async (p, m) => {
      if (p.orderId === 'bad') throw new Error('bad order')
      handled.push(m.eventId)
      await m.tx.$executeRaw`INSERT INTO listener_effects (event_id) VALUES (${m.eventId}::uuid)`
    },
  }),
]
const paid = (orderId: string) => ({ orderId, userId: 'u1', amount: '4900.00', currency: 'KZT' })
const count = async (sql: string, values: unknown[] = []) => Number((await usePgPool(url).query<{ n: string }>(sql, values)).rows[0].n)

beforeAll(async () => {
  ;({ url, drop } = await createTestDatabase('events_pg'))
  await usePgPool(url).query('CREATE TABLE orders (id text PRIMARY KEY); CREATE TABLE listener_effects (event_id uuid NOT NULL)')
})

afterAll(async () => {
  await worker?.stop()
  const keys = await redis.keys(`${prefix}:*`)
  if (keys.length) await redis.del(...keys)
  await redis.quit()
  await closePgPools()
  await drop?.()
})

it('publishes on a pg transaction: the row and the event roll back together', async () => {
  let id = ''
  await expect(
    pgTransaction(async (c) => {
      await c.query('INSERT INTO orders (id) VALUES ($1)', ['rolled-back'])
      id = await publish(c, 'OrderPaid', paid('rolled-back'))
      throw new Error('business failure')
    }, usePgPool(url)),
  ).rejects.toThrow('business failure')
  expect(id).not.toBe('')
  expect(await count('SELECT count(*) AS n FROM event_outbox WHERE id = $1', [id])).toBe(0)
  expect(await count(`SELECT count(*) AS n FROM orders WHERE id = 'rolled-back'`)).toBe(0)
})

it('packs a burst into batch jobs, applies each event once and re-queues only the failing one', async () => {
  // Published before the worker starts, so the relay's first claim holds them all.
  const ids: string[] = []
  for (let i = 0; i < 12; i++) {
    ids.push(
      await pgTransaction(async (c) => {
        await c.query('INSERT INTO orders (id) VALUES ($1)', [`o${i}`])
        return publish(c, 'OrderPaid', paid(i === 5 ? 'bad' : `o${i}`))
      }, usePgPool(url)),
    )
  }
  worker = await startWorker({
    databaseUrl: url,
    prefix,
    listeners,
    jobs: false,
    heartbeat: false,
    defaultJobOptions: { attempts: 2, backoff: { type: 'fixed', delay: 50 } },
  })
  const q = worker.queues.get('notification')
  const bad = ids[5]
  await waitFor(async () => (await q.getJob(eventJobId(bad, 'notification')))?.isFailed(), 'the bad event to die alone')
  const good = ids.filter((id) => id !== bad)
  await waitFor(() => good.every((id) => handled.includes(id)), 'the good events handled')

  const completed = await q.getCompleted()
  const packed = completed.filter((j) => j.name === BATCH_JOB)
  expect(packed.length).toBeGreaterThanOrEqual(1)
  expect((packed[0].data as { events: TEventJobData[] }).events.length).toBeGreaterThanOrEqual(4)
  expect(packed.reduce((n, j) => n + (j.returnvalue as { requeued: number }).requeued, 0)).toBe(1)
  for (const id of good) expect(await count('SELECT count(*) AS n FROM listener_effects WHERE event_id = $1', [id]), id).toBe(1)
  expect(await count('SELECT count(*) AS n FROM listener_effects WHERE event_id = $1', [bad])).toBe(0)
  const dead = await q.getJob(eventJobId(bad, 'notification'))
  expect(dead?.failedReason).toBe('bad order')
})
