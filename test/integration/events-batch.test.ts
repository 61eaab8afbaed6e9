import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { defineListeners } from '../../server/events/listeners'
import type { TEventJobData } from '../../server/events/queues'
import { closeDb, useDb, type PrismaClient, type TTx } from '../../server/lib/db'
import { createRedis } from '../../server/lib/redis'
import { startWorker, type TWorkerHandle } from '../../server/workers/worker'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { waitFor } from '../helpers/events'

process.env.LOG_LEVEL = 'silent'

let drop: () => Promise<void>
let db: PrismaClient
let worker: TWorkerHandle
const prefix = testRedisPrefix('events-batch')
const redis = createRedis('redis://127.0.0.1:6379')
const txs = new Set<TTx>()

beforeAll(async () => {
  const t = await createTestDatabase('events_batch')
  drop = t.drop
  db = useDb(t.url)
  await db.$executeRawUnsafe('CREATE TABLE listener_effects (event_id uuid NOT NULL)')
  const listeners = [
    defineListeners('notification', {
      WorkspaceUserConfirm: async (p, m) => {
        txs.add(m.tx)
        await m.tx.$executeRaw`INSERT INTO listener_effects (event_id) VALUES (${m.eventId}::uuid)`
        if (p.userId === 'bad') throw new Error('bad member')
      },
    }),
  ]
  // No relay: the jobs are put in the queue directly, all before the worker starts, so
  // they arrive faster than single transactions finish and are applied in batches.
  worker = await startWorker({
    databaseUrl: t.url,
    prefix,
    listeners,
    relay: false,
    jobs: false,
    heartbeat: false,
    concurrency: 16,
    consume: { maxParallel: 1, maxBatch: 50 },
    defaultJobOptions: { attempts: 1 },
  })
  await worker.workers[0].pause()
})

afterAll(async () => {
  await worker?.stop()
  const keys = await redis.keys(`${prefix}:*`)
  if (keys.length) await redis.del(...keys)
  await redis.quit()
  await closeDb()
  await drop?.()
})

const job = (id: string, userId: string): TEventJobData => ({
  id,
  name: 'WorkspaceUserConfirm',
  version: 1,
  payload: { workspaceId: 'w1', userId, role: 'member' },
  publisher: 'workspace',
  publishedAt: new Date().toISOString(),
})

it('applies concurrent events in shared transactions, once each, and fails only the bad one', async () => {
  const good = Array.from({ length: 40 }, () => randomUUID())
  const badId = randomUUID()
  const q = worker.queues.get('notification')
  await q.addBulk([
    ...good.map((id) => ({ name: 'WorkspaceUserConfirm', data: job(id, 'u'), opts: { jobId: `${id}.notification` } })),
    { name: 'WorkspaceUserConfirm', data: job(badId, 'bad'), opts: { jobId: `${badId}.notification` } },
    // The same event again under another job id, in the same burst.
    { name: 'WorkspaceUserConfirm', data: job(good[3], 'u'), opts: { jobId: `dup.${good[3]}` } },
  ])
  worker.workers[0].resume()
  await waitFor(async () => (await q.getJobCounts('completed')).completed === 41, '41 completed jobs')
  await waitFor(async () => (await q.getJobCounts('failed')).failed === 1, 'the bad job failed')

  const rows = await db.$queryRaw<{ event_id: string; n: bigint }[]>`
    SELECT event_id::text, count(*) AS n FROM listener_effects GROUP BY 1`
  const byId = new Map(rows.map((r) => [r.event_id, Number(r.n)]))
  for (const id of good) expect(byId.get(id), id).toBe(1)
  expect(byId.has(badId)).toBe(false) // its write rolled back with it
  expect((await q.getJob(`dup.${good[3]}`))!.returnvalue).toEqual({ status: 'duplicate' })
  const [failed] = await q.getFailed()
  expect(failed.failedReason).toBe('bad member')
  // Fewer transactions than events: batching happened (the retry path adds one per event of a failed batch).
  expect(txs.size).toBeLessThan(good.length)
})
