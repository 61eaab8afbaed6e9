import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { eventJobId, QueueSet } from '../../server/events/queues'
import type { TRoutes } from '../../server/events/routing'
import { startSweep, type TSweep } from '../../server/events/sweep'
import { createRedis } from '../../server/lib/redis'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'

process.env.LOG_LEVEL = 'silent'

// The sweep alone, on its own database and queues, one pass at a time (no timer races).
let drop: () => Promise<void>
let pool: pg.Pool
let queues: QueueSet
let sweep: TSweep
const prefix = testRedisPrefix('events-sweep')
const redis = createRedis('redis://127.0.0.1:6379')
const routes: TRoutes = new Map([['UserLoggedIn', ['notification', 'history']]])

beforeAll(async () => {
  const t = await createTestDatabase('events_sweep')
  drop = t.drop
  pool = new pg.Pool({ connectionString: t.url, max: 3 })
  queues = new QueueSet({ connection: redis, prefix })
  // everyMs: a day, so only the test's run() calls pass.
  sweep = startSweep({ pool, queues, routes, redeliverAfterMs: 60_000, everyMs: 86_400_000, batchSize: 10 })
})

beforeEach(async () => {
  await pool.query('TRUNCATE event_outbox, event_receipts')
  for (const d of ['notification', 'history'] as const) await queues.get(d).obliterate({ force: true })
})

afterAll(async () => {
  await sweep?.stop()
  await queues?.close()
  const keys = await redis.keys(`${prefix}:*`)
  if (keys.length) await redis.del(...keys)
  await redis.quit()
  await pool?.end()
  await drop?.()
})

/** n rows relayed together (one relay claim shares one relayed_at), `ago` before now. */
async function relayed(n: number, ago: string, receipts: string[]): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID())
  await pool.query(
    `INSERT INTO event_outbox (id, name, version, payload, publisher, created_at, relayed_at, routed_to)
     SELECT id, 'UserLoggedIn', 1, '{"userId":"u1","ip":null,"userAgent":null,"at":"2026-12-01T00:00:00.000Z"}', 'auth',
       now() - $2::interval, now() - $2::interval, '{notification,history}' FROM unnest($1::uuid[]) AS id`,
    [ids, ago],
  )
  for (const l of receipts) {
    await pool.query(`INSERT INTO event_receipts (event_id, listener) SELECT id, $2 FROM unnest($1::uuid[]) AS id`, [ids, l])
  }
  return ids
}

const row = async (id: string) =>
  (await pool.query<{ handled_at: Date | null; redeliveries: number }>('SELECT handled_at, redeliveries FROM event_outbox WHERE id = $1', [id]))
    .rows[0]!

it('walks every unhandled row in one pass, even when one relay claim shares a relayed_at across pages', async () => {
  const ids = await relayed(35, '10 seconds', ['notification.UserLoggedIn', 'history.UserLoggedIn'])
  expect(await sweep.run()).toMatchObject({ examined: 35, handled: 35, redelivered: 0 })
  for (const id of ids) expect((await row(id)).handled_at).toBeInstanceOf(Date)
})

it('re-sends only the missing (event, domain) pair of an overdue row, and counts it', async () => {
  const [id] = await relayed(1, '2 minutes', ['history.UserLoggedIn'])
  expect(await sweep.run()).toMatchObject({ handled: 0, redelivered: 1 })
  expect(await queues.get('notification').getJob(eventJobId(id!, 'notification'))).toBeDefined()
  expect(await queues.get('history').getJob(eventJobId(id!, 'history'))).toBeUndefined()
  expect(await row(id!)).toMatchObject({ handled_at: null, redeliveries: 1 })
  // Just re-sent: not due again before another redeliverAfterMs.
  expect(await sweep.run()).toMatchObject({ redelivered: 0 })
})

it('waits while the domain queue still holds older jobs: a slow listener is not robbed', async () => {
  const [id] = await relayed(1, '2 minutes', ['history.UserLoggedIn'])
  await queues.get('notification').add('UserLoggedIn', { id: 'older' }, { jobId: 'older.notification', timestamp: Date.now() - 3_600_000 })
  expect(await sweep.run()).toMatchObject({ redelivered: 0 })
  expect(await row(id!)).toMatchObject({ redeliveries: 0 })
  await queues.get('notification').remove('older.notification')
  expect(await sweep.run()).toMatchObject({ redelivered: 1 })
})

it('leaves a row alone while its receipts may still be on the way', async () => {
  const [id] = await relayed(1, '1 second', [])
  expect(await sweep.run()).toMatchObject({ examined: 0, handled: 0, redelivered: 0 })
  expect(await row(id!)).toMatchObject({ handled_at: null, redeliveries: 0 })
})
