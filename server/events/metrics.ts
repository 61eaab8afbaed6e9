import type { PrismaClient } from '../lib/db'
import { useLogger } from '../lib/log'
import { gauge } from '../lib/metrics'
import { outboxBacklog, queueCounts, type TQueueCounts } from './admin'
import type { QueueSet } from './queues'

/**
 * Event pipeline gauges, read at scrape time: the outbox backlog and its lag, jobs per
 * queue and state, dead jobs. They describe the shared PostgreSQL and Redis, so every
 * process reports the same values: aggregate with max(), not sum().
 * A source that does not answer within COLLECT_TIMEOUT_MS leaves its gauges empty for
 * that scrape (alert on absent()), so /metrics itself never hangs on an outage.
 */
const COLLECT_TIMEOUT_MS = 2000
/** One snapshot serves every gauge of the same scrape. */
const SNAPSHOT_TTL_MS = 1000
const log = useLogger('metrics')

export interface TEventMetricsSource {
  db: () => PrismaClient
  /** The worker's own queues; the web process reads through the admin page's. */
  queues?: () => QueueSet
}

interface TSnapshot {
  outbox: { unrelayed: number; oldest: Date | null } | null
  queues: TQueueCounts[] | null
}

let source: TEventMetricsSource | undefined
let last: { at: number; snapshot: Promise<TSnapshot> } | undefined

function within<T>(p: Promise<T>, what: string): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), COLLECT_TIMEOUT_MS)
    timer.unref()
  })
  return Promise.race([
    p.catch((e: Error) => {
      log.warn('metrics source failed', { what, err: e.message })
      return null
    }),
    timeout,
  ]).finally(() => clearTimeout(timer))
}

function snapshot(): Promise<TSnapshot> {
  if (last && Date.now() - last.at < SNAPSHOT_TTL_MS) return last.snapshot
  const src = source
  const taken = (async (): Promise<TSnapshot> => {
    if (!src) return { outbox: null, queues: null }
    const queues = src.queues?.()
    const [outbox, counts] = await Promise.all([
      within(outboxBacklog(src.db()), 'outbox'),
      within(queueCounts(queues ? { queues } : {}), 'queues'),
    ])
    return { outbox, queues: counts }
  })()
  last = { at: Date.now(), snapshot: taken }
  return taken
}

/** Registers the gauges (once per process) and points them at this process's database and queues. */
export function registerEventMetrics(src: TEventMetricsSource): void {
  source = src
  last = undefined
  gauge('d24_event_outbox_backlog', 'Outbox rows not yet handed to a queue', [], async (g) => {
    g.reset()
    const s = await snapshot()
    if (s.outbox) g.set(s.outbox.unrelayed)
  })
  gauge('d24_event_outbox_lag_seconds', 'Age of the oldest outbox row not yet handed to a queue (0 when none waits)', [], async (g) => {
    g.reset()
    const s = await snapshot()
    if (s.outbox) g.set(s.outbox.oldest ? Math.max(0, (Date.now() - s.outbox.oldest.getTime()) / 1000) : 0)
  })
  gauge('d24_queue_jobs', 'Jobs per queue and state (waiting, active, delayed)', ['queue', 'state'], async (g) => {
    g.reset()
    for (const q of (await snapshot()).queues ?? []) {
      g.set({ queue: q.queue, state: 'waiting' }, q.waiting)
      g.set({ queue: q.queue, state: 'active' }, q.active)
      g.set({ queue: q.queue, state: 'delayed' }, q.delayed)
    }
  })
  gauge('d24_queue_dead_jobs', 'Jobs that ran out of attempts and wait for a person (admin events page)', ['queue'], async (g) => {
    g.reset()
    for (const q of (await snapshot()).queues ?? []) g.set({ queue: q.queue }, q.failed)
  })
}
