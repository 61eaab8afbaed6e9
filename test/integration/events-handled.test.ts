import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publish } from '../../server/events/publish'
import { closeDb, useDb, type PrismaClient } from '../../server/lib/db'
import { createRedis } from '../../server/lib/redis'
import { enqueueJob } from '../../server/workers/jobs'
import { startWorker, type TWorkerHandle } from '../../server/workers/worker'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { waitFor } from '../helpers/events'

process.env.LOG_LEVEL = 'silent'

let drop: () => Promise<void>
let db: PrismaClient
let worker: TWorkerHandle
const prefix = testRedisPrefix('events-handled')
const redis = createRedis('redis://127.0.0.1:6379')

beforeAll(async () => {
  const t = await createTestDatabase('events_handled')
  drop = t.drop
  db = useDb(t.url)
  // The real listener registry (notification, history), as `npm run worker` runs it.
  worker = await startWorker({ databaseUrl: t.url, prefix, heartbeat: false, relay: { sweep: { redeliverAfterMs: 60_000, everyMs: 100 } } })
})

afterAll(async () => {
  await worker?.stop()
  const keys = await redis.keys(`${prefix}:*`)
  if (keys.length) await redis.del(...keys)
  await redis.quit()
  await closeDb()
  await drop?.()
})

const receipts = async (id: string) =>
  (await db.$queryRaw<{ listener: string }[]>`SELECT listener FROM event_receipts WHERE event_id = ${id}::uuid ORDER BY 1`).map((r) => r.listener)

describe('routing', () => {
  it('sends UserActivated and WorkspaceCreated only to domains with a listener; nothing piles up in explorer, registry', async () => {
    // The history listener audits them: its entries want real (uuid) ids.
    const [userId, workspaceId] = [randomUUID(), randomUUID()]
    const activated = await db.$transaction((tx) =>
      publish(tx, 'UserActivated', { userId, email: 'route@example.kz', phone: null, locale: 'kk' }),
    )
    const created = await db.$transaction((tx) => publish(tx, 'WorkspaceCreated', { workspaceId, ownerId: userId, name: 'ТОО Маршрут', bin: null }))
    await waitFor(async () => (await receipts(activated)).length === 3, 'UserActivated handled')
    await waitFor(async () => (await receipts(created)).length === 2, 'WorkspaceCreated handled')
    expect(await receipts(activated)).toEqual(['billing.UserActivated', 'history.UserActivated', 'notification.UserActivated'])
    // The workspace domain audits its own actions in the change's transaction (one audit path).
    expect(await receipts(created)).toEqual(['billing.WorkspaceCreated', 'notification.WorkspaceCreated'])
    for (const d of ['explorer', 'registry'] as const) {
      const counts = await worker.queues.get(d).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed')
      expect(Object.values(counts).reduce((a, b) => a + b, 0), `${d} queue`).toBe(0)
    }
    const routed = async (id: string) =>
      (await db.$queryRaw<{ routed_to: string[] }[]>`SELECT routed_to FROM event_outbox WHERE id = ${id}::uuid`)[0]!.routed_to
    expect([...(await routed(activated))].sort()).toEqual(['billing', 'history', 'notification'])
    expect([...(await routed(created))].sort()).toEqual(['billing', 'notification'])
  })

  it('stamps a row handled once every routed listener has its receipt; an event routed nowhere at once', async () => {
    const paid = await publish(db, 'OrderPaid', { orderId: 'o-stamp', userId: 'u1', amount: '1.00', currency: 'KZT' })
    // DocumentGenerated: only explorer subscribes, and it has no listener for it yet.
    const uploaded = await publish(db, 'DocumentGenerated', { documentId: 'd1', fillingId: 'f1', userId: 'u1', workspaceId: null, format: 'pdf', key: 'k1', size: 10, fileName: 'a.pdf' })
    const handledAt = async (id: string) =>
      (await db.$queryRaw<{ handled_at: Date | null }[]>`SELECT handled_at FROM event_outbox WHERE id = ${id}::uuid`)[0]?.handled_at
    await waitFor(() => handledAt(paid), 'OrderPaid stamped handled')
    await waitFor(() => handledAt(uploaded), 'DocumentGenerated stamped handled')
    expect(await receipts(paid)).toEqual(['document.OrderPaid', 'notification.OrderPaid', 'subscription.OrderPaid'])
    expect(await receipts(uploaded)).toEqual([])
  })
})

describe('prune', () => {
  it('keeps a relayed row some listener has not handled, and the receipts of its other listeners', async () => {
    const owed = randomUUID()
    // Relayed just now: the sweep (every 100 ms here) redelivers a row only after 60 s, so the
    // notification listener cannot complete it (and free its old receipt) before the prune runs.
    await db.$executeRaw`INSERT INTO event_outbox (id, name, version, payload, publisher, relayed_at)
      VALUES (${owed}::uuid, 'UserLoggedIn', 1, '{}', 'auth', now())`
    await db.$executeRaw`UPDATE event_outbox SET routed_to = '{notification,history}' WHERE id = ${owed}::uuid`
    const done = randomUUID()
    await db.$executeRaw`INSERT INTO event_outbox (id, name, version, payload, publisher, relayed_at, handled_at, routed_to)
      VALUES (${done}::uuid, 'UserLoggedIn', 1, '{}', 'auth', now() - interval '40 days', now() - interval '40 days', '{history}')`
    await db.$executeRaw`INSERT INTO event_receipts (event_id, listener, processed_at) VALUES
      (${owed}::uuid, 'history.UserLoggedIn', now() - interval '40 days'),
      (${done}::uuid, 'history.UserLoggedIn', now() - interval '40 days')`

    const jobId = await enqueueJob('events.pruneOutbox', {}, { queues: worker.queues })
    const q = worker.queues.get('jobs')
    await waitFor(async () => (await (await q.getJob(jobId))?.getState()) === 'completed', 'prune job done')

    const left = await db.$queryRaw<{ id: string }[]>`SELECT id::text FROM event_outbox WHERE id IN (${owed}::uuid, ${done}::uuid)`
    expect(left.map((r) => r.id)).toEqual([owed])
    expect(await receipts(owed)).toEqual(['history.UserLoggedIn'])
    expect(await receipts(done)).toEqual([])
  })
})
