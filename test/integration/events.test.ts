import { Queue } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listDeadJobs, outboxBacklog, queueCounts } from '../../server/events/admin'
import { defineListeners, type TListenerMeta } from '../../server/events/listeners'
import { publish } from '../../server/events/publish'
import { eventJobId } from '../../server/events/queues'
import { closeDb, useDb, type PrismaClient } from '../../server/lib/db'
import { isAppError } from '../../server/lib/errors'
import { createRedis } from '../../server/lib/redis'
import { readWorkerHeartbeat } from '../../server/lib/worker-heartbeat'
import { enqueueJob } from '../../server/workers/jobs'
import { startWorker, type TWorkerHandle } from '../../server/workers/worker'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { waitFor } from '../helpers/events'

process.env.LOG_LEVEL = 'silent'

let dbUrl: string
let drop: () => Promise<void>
let db: PrismaClient
const prefix = testRedisPrefix('events')
const p2 = testRedisPrefix('events-stop')
const redis = createRedis('redis://127.0.0.1:6379')
let worker: TWorkerHandle

/** Every handler call, in order: [listener, eventId, attempt, time]. */
const calls: { listener: string; eventId: string; attempt: number; at: number }[] = []

// The effect a real listener would have: a row written through the listener's tx.
async function effect(listener: string, meta: TListenerMeta) {
  calls.push({ listener, eventId: meta.eventId, attempt: meta.attempt, at: Date.now() })
  await meta.tx.$executeRaw`INSERT INTO listener_effects (event_id, listener) VALUES (${meta.eventId}::uuid, ${listener})`
}

const modules = [
  defineListeners('billing', { UserActivated: (_p, m) => effect('billing', m) }),
  defineListeners('explorer', { UserActivated: (_p, m) => effect('explorer', m) }),
  defineListeners('history', { UserActivated: (_p, m) => effect('history', m) }),
  defineListeners('notification', {
    UserActivated: (_p, m) => effect('notification', m),
    UserLoggedIn: async (p, m) => {
      if (p.userId === 'flaky' && m.attempt <= 2) {
        calls.push({ listener: 'flaky', eventId: m.eventId, attempt: m.attempt, at: Date.now() })
        await effect('flaky-partial', m) // written, then rolled back with the receipt
        throw new Error(`flaky failure ${m.attempt}`)
      }
      if (p.userId === 'dead') throw new Error('boom: the provider is gone')
      await effect(p.userId === 'flaky' ? 'flaky' : 'notification', m)
    },
  }),
]

const effects = async (eventId: string) =>
  db.$queryRaw<{ listener: string }[]>`SELECT listener FROM listener_effects WHERE event_id = ${eventId}::uuid ORDER BY listener`

const activated = (userId: string) => ({ userId, email: `${userId}@example.kz`, phone: null, locale: 'ru' })
const loggedIn = (userId: string) => ({ userId, ip: null, userAgent: null, at: new Date().toISOString() })

beforeAll(async () => {
  ;({ url: dbUrl, drop } = await createTestDatabase('events'))
  db = useDb(dbUrl)
  await db.$executeRawUnsafe('CREATE TABLE listener_effects (event_id uuid NOT NULL, listener text NOT NULL)')
  worker = await startWorker({
    databaseUrl: dbUrl,
    prefix,
    listeners: modules,
    concurrency: 4,
    defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 150 } },
  })
})

afterAll(async () => {
  await worker?.stop()
  for (const p of [prefix, p2]) {
    const keys = await redis.keys(`${p}:*`)
    if (keys.length) await redis.del(...keys)
  }
  await redis.quit()
  await closeDb()
  await drop?.()
})

describe('publish', () => {
  it('writes nothing when the caller transaction rolls back', async () => {
    let id = ''
    await expect(
      db.$transaction(async (tx) => {
        id = await publish(tx, 'UserActivated', activated('rolled-back'))
        throw new Error('business failure')
      }),
    ).rejects.toThrow('business failure')
    expect(id).not.toBe('')
    const rows = await db.$queryRaw<unknown[]>`SELECT 1 FROM event_outbox WHERE id = ${id}::uuid`
    expect(rows).toHaveLength(0)
  })

  it('rejects a payload that does not match the catalog with VALIDATION', async () => {
    const bad = { userId: 'u1', email: 'not-an-email', phone: null, locale: 'ru' }
    const err = await publish(db, 'UserActivated', bad).catch((e: unknown) => e)
    expect(isAppError(err) && err.code).toBe('VALIDATION')
    expect(isAppError(err) && err.fields?.[0]?.path).toBe('payload.email')
  })
})

describe('relay and listeners', () => {
  it('delivers UserActivated once to each subscribing domain', async () => {
    const id = await db.$transaction((tx) => publish(tx, 'UserActivated', activated('u-fanout')))
    await waitFor(async () => (await effects(id)).length === 4, 'four listener effects')
    await new Promise((r) => setTimeout(r, 300)) // nothing more arrives later
    expect((await effects(id)).map((r) => r.listener)).toEqual(['billing', 'explorer', 'history', 'notification'])
    const [row] = await db.$queryRaw<{ relayed_at: Date | null }[]>`SELECT relayed_at FROM event_outbox WHERE id = ${id}::uuid`
    expect(row.relayed_at).toBeInstanceOf(Date)
    const receipts = await db.$queryRaw<{ listener: string }[]>`SELECT listener FROM event_receipts WHERE event_id = ${id}::uuid ORDER BY 1`
    expect(receipts.map((r) => r.listener)).toEqual([
      'billing.UserActivated',
      'explorer.UserActivated',
      'history.UserActivated',
      'notification.UserActivated',
    ])
  })

  it('applies an event delivered twice only once', async () => {
    const id = await publish(db, 'UserActivated', activated('u-twice'))
    await waitFor(async () => (await effects(id)).length === 4, 'first delivery')
    const q = worker.queues.get('billing')
    const first = await q.getJob(eventJobId(id, 'billing'))
    // A second copy under another job id, as after a relay crash once the first job is gone.
    const dup = await q.add('UserActivated', first!.data, { jobId: `dup.${id}` })
    await waitFor(async () => (await dup.getState()) === 'completed', 'duplicate job completes')
    expect((await q.getJob(dup.id!))!.returnvalue).toEqual({ status: 'duplicate' })
    // Re-relaying the same row is also harmless: the job id deduplicates it.
    await db.$executeRaw`UPDATE event_outbox SET relayed_at = NULL WHERE id = ${id}::uuid`
    worker.relay!.wake()
    await waitFor(async () => (await outboxBacklog(db)).unrelayed === 0, 'row relayed again')
    await new Promise((r) => setTimeout(r, 300))
    expect((await effects(id)).filter((r) => r.listener === 'billing')).toHaveLength(1)
  })

  it('retries a failing handler with exponential backoff, then applies it once', async () => {
    const id = await publish(db, 'UserLoggedIn', loggedIn('flaky'))
    await waitFor(async () => (await effects(id)).length === 1, 'flaky handler to succeed')
    const tries = calls.filter((c) => c.eventId === id && c.listener === 'flaky').map((c) => c.at)
    expect(tries).toHaveLength(3)
    const gap1 = tries[1] - tries[0]
    const gap2 = tries[2] - tries[1]
    expect(gap1).toBeGreaterThanOrEqual(140) // 150 ms, then
    expect(gap2).toBeGreaterThanOrEqual(290) // 300 ms
    // The failed attempts' writes rolled back with their receipts.
    expect((await effects(id)).map((r) => r.listener)).toEqual(['flaky'])
  })

  it('keeps a job that always fails as dead, with its error visible', async () => {
    const id = await publish(db, 'UserLoggedIn', loggedIn('dead'))
    const dead = await waitFor(
      async () => (await listDeadJobs({ queues: worker.queues })).find((j) => j.eventId === id),
      'dead job listed',
    )
    expect(dead).toMatchObject({ queue: 'notification', name: 'UserLoggedIn', attempts: 3 })
    expect(dead.error).toContain('boom: the provider is gone')
    const counts = await queueCounts({ queues: worker.queues })
    expect(counts.find((c) => c.queue === 'notification')?.failed).toBeGreaterThanOrEqual(1)
    const receipts = await db.$queryRaw<unknown[]>`SELECT 1 FROM event_receipts WHERE event_id = ${id}::uuid`
    expect(receipts).toHaveLength(0)
  })
})

describe('jobs and heartbeat', () => {
  it('runs a catalog job', async () => {
    await db.$executeRaw`INSERT INTO event_outbox (id, name, version, payload, publisher, relayed_at, handled_at)
      VALUES (gen_random_uuid(), 'OrderPaid', 1, '{}', 'billing', now() - interval '10 days', now() - interval '10 days')`
    const jobId = await enqueueJob('events.pruneOutbox', { handledOlderThanDays: 7 }, { queues: worker.queues })
    const q = worker.queues.get('jobs')
    await waitFor(async () => (await (await q.getJob(jobId))?.getState()) === 'completed', 'prune job done')
    expect((await q.getJob(jobId))!.returnvalue).toMatchObject({ outbox: 1 })
  })

  it('rejects a bad job payload before enqueueing', async () => {
    await expect(enqueueJob('events.pruneOutbox', { handledOlderThanDays: 0 }, { queues: worker.queues })).rejects.toThrow(
      /Invalid events.pruneOutbox/,
    )
  })

  it('publishes a heartbeat while the worker runs', async () => {
    const hb = await readWorkerHeartbeat(redis, prefix)
    expect(hb).toMatchObject({ alive: true, pid: process.pid })
    expect(Date.now() - Date.parse(hb.at!)).toBeLessThan(15_000)
  })
})

describe('graceful shutdown', () => {
  it('lets the in-flight job finish on stop', async () => {
    let started = false
    let finished = false
    const slow = defineListeners('notification', {
      WorkspaceCreated: async (_p, m) => {
        started = true
        await new Promise((r) => setTimeout(r, 800))
        await effect('slow', m)
        finished = true
      },
    })
    await worker.stop() // its relay would otherwise take the row to the other prefix
    const w = await startWorker({ databaseUrl: dbUrl, prefix: p2, listeners: [slow], jobs: false })
    const id = await publish(db, 'WorkspaceCreated', { workspaceId: 'w1', ownerId: 'u1', name: 'ТОО Ромашка', bin: null })
    await waitFor(() => started, 'slow handler started')
    await w.stop()
    expect(finished).toBe(true)
    expect(await effects(id)).toEqual([{ listener: 'slow' }])
    expect(await readWorkerHeartbeat(redis, p2)).toMatchObject({ alive: false })
    const q = new Queue('notification', { connection: redis, prefix: p2 })
    expect(await (await q.getJob(eventJobId(id, 'notification')))?.getState()).toBe('completed')
    await q.close()
  })
})
