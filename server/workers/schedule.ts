import type { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { useLogger } from '../lib/log'
import type { TJobName, TJobPayload } from './jobs'

/**
 * Repeatable jobs live in Redis as job schedulers. A Redis that comes back empty has
 * forgotten them, and nothing would ever schedule them again: the worker re-asserts
 * every schedule when its connection becomes ready (each reconnect) and every
 * `everyMs` (a Redis emptied without a disconnect, e.g. a failover or FLUSHALL).
 * upsertJobScheduler is idempotent: re-asserting a live schedule changes nothing.
 */
interface TSchedule<N extends TJobName = TJobName> {
  job: N
  everyMs: number
  data: TJobPayload<N>
}

export const SCHEDULES: readonly TSchedule[] = [
  { job: 'events.pruneOutbox', everyMs: 24 * 3600 * 1000, data: {} },
  // Rows removed after the newest checkpoint go unnoticed by verify: keep that window short.
  { job: 'history.checkpoint', everyMs: 5 * 60 * 1000, data: {} },
  // Scheduled publishing is checked each minute: an item goes live within a minute of its time.
  { job: 'content.publishDue', everyMs: 60 * 1000, data: {} },
  // Card payments whose callback did not come are settled within a few minutes.
  { job: 'billing.reconcilePayments', everyMs: 2 * 60 * 1000, data: {} },
  // Unpaid orders expire within an hour of their time (BILLING_ORDER_TTL_HOURS).
  { job: 'billing.expireOrders', everyMs: 60 * 60 * 1000, data: {} },
  // The trash is emptied to the hour; abandoned uploads go within a day and an hour.
  { job: 'explorer.purge', everyMs: 60 * 60 * 1000, data: {} },
  // Signing deadlines close requests within ten minutes; reminders go to the ten minutes.
  { job: 'explorer.signingSweep', everyMs: 10 * 60 * 1000, data: {} },
  // Periods end to the minute they were bought; a renewal is asked for within five minutes.
  { job: 'subscription.runDue', everyMs: 5 * 60 * 1000, data: {} },
]

const log = useLogger('schedule')

export function keepSchedules(
  queue: Queue,
  redis: Redis,
  opts: { everyMs?: number; schedules?: readonly TSchedule[] } = {},
): { assert(): Promise<void>; stop(): void } {
  const schedules = opts.schedules ?? SCHEDULES
  const assert = async () => {
    for (const s of schedules) await queue.upsertJobScheduler(s.job, { every: s.everyMs }, { name: s.job, data: s.data })
  }
  const quietly = () =>
    void assert().catch((e: Error) => log.warn('could not assert the job schedules; retrying on reconnect', { err: e.message }))
  redis.on('ready', quietly)
  const timer = setInterval(quietly, opts.everyMs ?? 10 * 60 * 1000)
  timer.unref()
  if (redis.status === 'ready') quietly()
  return {
    assert,
    stop() {
      clearInterval(timer)
      redis.off('ready', quietly)
    },
  }
}
