import { Queue, type DefaultJobOptions } from 'bullmq'
import type { Redis } from 'ioredis'
import type { TDomain } from '../../shared/domains'
import { useConfig } from '../lib/config'
import { useLogger } from '../lib/log'
import { useRedis } from '../lib/redis'

/**
 * BullMQ queue naming and defaults shared by the relay, the workers and the admin
 * functions. One queue per subscribing domain plus one for integration jobs; the
 * Redis prefix (REDIS_PREFIX) namespaces them so tests and instances can share a Redis.
 */
import { ALL_QUEUES, JOBS_QUEUE, WAITS_QUEUE, type TQueueName } from '../../shared/queue-names'

export { ALL_QUEUES, JOBS_QUEUE, WAITS_QUEUE, type TQueueName }

/** What the relay puts in a domain queue job: the outbox row, minus bookkeeping. */
export interface TEventJobData {
  id: string
  name: string
  version: number
  payload: unknown
  publisher: string
  /** ISO time the outbox row was written (publish-to-handled latency starts here). */
  publishedAt: string
}

/**
 * Under load the relay packs the events of one claim into jobs of this name, many
 * events per job (TEventBatchJobData), because BullMQ's per-job Redis work, not
 * PostgreSQL, is then what limits throughput. The consumer applies them as a listener
 * batch and re-queues any event whose handler fails as a job of its own, so retries
 * and dead jobs stay per event.
 */
export const BATCH_JOB = 'events.batch'

export interface TEventBatchJobData {
  events: TEventJobData[]
}

/**
 * BullMQ forbids ':' in custom job ids, so the brief's `<eventId>:<domain>` becomes
 * `<eventId>.<domain>`; re-adding the same event to the same queue is then a no-op
 * while the job is still kept.
 */
export function eventJobId(eventId: string, domain: TDomain): string {
  return `${eventId}.${domain}`
}

export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  // 1s, 2s, 4s ... ~2 min for the 8th: rides out a short outage of a dependency.
  backoff: { type: 'exponential', delay: 1000 },
  // Completed jobs are kept for a while so a re-relayed event is deduplicated by job id.
  removeOnComplete: { age: 3600, count: 10_000 },
  // Dead jobs stay visible with their error (listDeadJobs) until someone looks.
  removeOnFail: { age: 30 * 24 * 3600, count: 100_000 },
}

export interface TQueueSetOptions {
  connection: Redis
  prefix: string
  defaultJobOptions?: DefaultJobOptions
}

const log = useLogger('queues')

/** Lazily created Queue objects over one connection; close() releases them all. */
export class QueueSet {
  private readonly queues = new Map<string, Queue>()
  constructor(readonly opts: TQueueSetOptions) {}

  get(name: TQueueName): Queue {
    let q = this.queues.get(name)
    if (!q) {
      q = new Queue(name, {
        connection: this.opts.connection,
        prefix: this.opts.prefix,
        defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...this.opts.defaultJobOptions },
      })
      // Without a listener an 'error' (Redis down) would be an unhandled event and crash.
      q.on('error', (e) => log.debug('queue error', { queue: name, err: e.message }))
      this.queues.set(name, q)
    }
    return q
  }

  async close(): Promise<void> {
    const all = [...this.queues.values()]
    this.queues.clear()
    await Promise.all(all.map((q) => q.close().catch(() => {})))
  }
}

let shared: QueueSet | undefined

/**
 * The process's queue set on the shared Redis connection (enqueueing jobs, the admin page).
 * It follows that connection and the prefix: a set built on a connection since closed (a
 * test process that ran another file before) would fail every call.
 */
export function useSharedQueues(): QueueSet {
  const connection = useRedis()
  const prefix = useConfig().REDIS_PREFIX
  if (shared?.opts.connection !== connection || shared.opts.prefix !== prefix) shared = new QueueSet({ connection, prefix })
  return shared
}
