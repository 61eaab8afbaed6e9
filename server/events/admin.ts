import type { PrismaClient } from '../lib/db'
import { useConfig } from '../lib/config'
import { useDb } from '../lib/db'
import { useRedis } from '../lib/redis'
import { ALL_QUEUES, QueueSet, type TQueueName } from './queues'

/** For the admin page: what is waiting, running, retrying and dead, per queue and in the outbox. */

let shared: QueueSet | undefined
function defaultQueues(): QueueSet {
  shared ??= new QueueSet({ connection: useRedis(), prefix: useConfig().REDIS_PREFIX })
  return shared
}

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
  const qs = opts.queues ?? defaultQueues()
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
  const qs = opts.queues ?? defaultQueues()
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
