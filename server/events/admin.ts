import type { PrismaClient } from '../lib/db'
import { useDb } from '../lib/db'
import { ALL_QUEUES, QueueSet, useSharedQueues, type TQueueName } from './queues'

/** For the admin page: what is waiting, running, retrying and dead, per queue and in the outbox. */

export interface TDeadJob {
  queue: TQueueName
  jobId: string
  name: string
  /** The event id for domain queues; undefined for integration jobs. */
  eventId?: string
  error: string
  stack: string[]
  attempts: number
  failedAt: string | null
  data: unknown
}

export async function listDeadJobs(
  opts: { queues?: QueueSet; queue?: TQueueName; limit?: number } = {},
): Promise<TDeadJob[]> {
  const qs = opts.queues ?? useSharedQueues()
  const limit = opts.limit ?? 100
  const names = opts.queue ? [opts.queue] : ALL_QUEUES
  const out: TDeadJob[] = []
  for (const name of names) {
    const jobs = await qs.get(name).getFailed(0, limit - 1)
    for (const j of jobs) {
      const data = j.data as { id?: unknown } | undefined
      out.push({
        queue: name,
        jobId: j.id ?? '',
        name: j.name,
        eventId: name !== 'jobs' && typeof data?.id === 'string' ? data.id : undefined,
        error: j.failedReason,
        stack: j.stacktrace ?? [],
        attempts: j.attemptsMade,
        failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
        data: j.data,
      })
    }
  }
  return out.sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? '')).slice(0, limit)
}

export interface TQueueCounts {
  queue: TQueueName
  waiting: number
  active: number
  delayed: number
  failed: number
  completed: number
}

export async function queueCounts(opts: { queues?: QueueSet } = {}): Promise<TQueueCounts[]> {
  const qs = opts.queues ?? useSharedQueues()
  return Promise.all(
    ALL_QUEUES.map(async (queue) => {
      const c = await qs.get(queue).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed')
      return {
        queue,
        waiting: c.waiting ?? 0,
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
        completed: c.completed ?? 0,
      }
    }),
  )
}

/** Rows not yet handed to BullMQ; a growing number means the relay or Redis is down. */
export async function outboxBacklog(db: PrismaClient = useDb()): Promise<{ unrelayed: number; oldest: Date | null }> {
  const [row] = await db.$queryRaw<{ n: bigint; oldest: Date | null }[]>`
    SELECT count(*) AS n, min(created_at) AS oldest FROM event_outbox WHERE relayed_at IS NULL`
  return { unrelayed: Number(row?.n ?? 0), oldest: row?.oldest ?? null }
}

export interface TUnhandledListener {
  listener: string
  count: number
  oldest: Date
  maxRedeliveries: number
}

export interface TUnhandledEvent {
  eventId: string
  name: string
  publishedAt: Date
  relayedAt: Date
  redeliveries: number
  missing: string[]
}

export interface TUnhandled {
  /** Relayed events still missing a receipt from some listener they were routed to. */
  count: number
  oldest: Date | null
  oldestAgeS: number | null
  /** Of them, events the sweep has re-sent at least once. */
  redelivered: number
  listeners: TUnhandledListener[]
  /** The most re-sent, then oldest, first. */
  events: TUnhandledEvent[]
}

// Receipts a relayed row still owes: `<domain>.<name>` for each routed domain without one.
const MISSING = `ARRAY(SELECT d || '.' || o.name FROM unnest(o.routed_to) AS d WHERE NOT EXISTS (
  SELECT 1 FROM event_receipts r WHERE r.event_id = o.id AND r.listener = d || '.' || o.name))::text[]`
const OWED = 'o.handled_at IS NULL AND o.relayed_at IS NOT NULL'

/**
 * Relayed but not handled: Redis accepted these events but some listener has not
 * committed its receipt. A count that stays up, or events with redeliveries, mean jobs
 * are lost or keep failing (server/events/sweep.ts re-sends them).
 */
export async function unhandledEvents(db: PrismaClient = useDb(), opts: { limit?: number } = {}): Promise<TUnhandled> {
  const limit = opts.limit ?? 20
  const [summary] = await db.$queryRawUnsafe<{ n: bigint; oldest: Date | null; age: number | null; redelivered: bigint }[]>(
    `SELECT count(*) AS n, min(o.created_at) AS oldest, extract(epoch FROM now() - min(o.created_at))::float8 AS age,
       count(*) FILTER (WHERE o.redeliveries > 0) AS redelivered
     FROM event_outbox o WHERE ${OWED} AND cardinality(${MISSING}) > 0`,
  )
  const listeners = await db.$queryRawUnsafe<{ listener: string; n: bigint; oldest: Date; max: number }[]>(
    `SELECT m.listener, count(*) AS n, min(o.created_at) AS oldest, max(o.redeliveries) AS max
     FROM event_outbox o CROSS JOIN LATERAL unnest(${MISSING}) AS m(listener)
     WHERE ${OWED} GROUP BY m.listener ORDER BY n DESC, m.listener LIMIT 100`,
  )
  const events = await db.$queryRawUnsafe<
    { id: string; name: string; created_at: Date; relayed_at: Date; redeliveries: number; missing: string[] }[]
  >(
    `SELECT * FROM (SELECT o.id::text, o.name, o.created_at, o.relayed_at, o.redeliveries, ${MISSING} AS missing
       FROM event_outbox o WHERE ${OWED}) e
     WHERE cardinality(e.missing) > 0 ORDER BY e.redeliveries DESC, e.created_at LIMIT $1`,
    limit,
  )
  return {
    count: Number(summary?.n ?? 0),
    oldest: summary?.oldest ?? null,
    oldestAgeS: summary?.age === null || summary?.age === undefined ? null : Math.round(summary.age),
    redelivered: Number(summary?.redelivered ?? 0),
    listeners: listeners.map((l) => ({ listener: l.listener, count: Number(l.n), oldest: l.oldest, maxRedeliveries: l.max })),
    events: events.map((e) => ({
      eventId: e.id,
      name: e.name,
      publishedAt: e.created_at,
      relayedAt: e.relayed_at,
      redeliveries: e.redeliveries,
      missing: e.missing,
    })),
  }
}
