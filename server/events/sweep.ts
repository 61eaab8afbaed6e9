import type pg from 'pg'
import type { TDomain } from '../../shared/domains'
import { useLogger } from '../lib/log'
import { eventJobId, type QueueSet, type TEventJobData } from './queues'
import { routesOf, type TRoutes } from './routing'

/**
 * The outbox stays the truth until every listener has its receipt. Once relayed, a
 * job lives only in Redis, and a Redis that restarts without its data (no append-only
 * file, a failover to an empty replica, an eviction) loses it without a trace. The
 * sweep walks relayed rows not yet stamped `handled_at`:
 * - every routed listener (`<domain>.<name>`) has its receipt: stamp `handled_at`
 *   (prune deletes only stamped rows);
 * - a receipt is still missing `redeliverAfterMs` after the row was last sent to Redis:
 *   send it again to the missing domains only, as job `<eventId>.<domain>` (a no-op
 *   while that job still exists; the receipts skip a copy that runs twice), bump
 *   `relayed_at` and count the redelivery, so an event that never gets its receipt
 *   shows on the admin page with its count instead of being retried silently.
 * A domain whose queue still holds waiting or running jobs from before the row was sent
 * is only slow, not robbed: the sweep waits, so a backlog is not doubled by single-job
 * copies of events that sit in packed jobs.
 */
export interface TSweepOptions {
  pool: pg.Pool
  queues: QueueSet
  routes: TRoutes
  /** A receipt still missing this long after the row was (last) sent to Redis: send again. */
  redeliverAfterMs: number
  /** Time between passes; default a quarter of redeliverAfterMs, at most 5 s. */
  everyMs?: number
  /** Rows looked at per query. */
  batchSize?: number
  /** Queries per pass at most; the next pass goes on from where this one stopped. */
  maxBatchesPerPass?: number
}

export interface TSweepResult {
  examined: number
  handled: number
  redelivered: number
}

export interface TSweep {
  /** One pass now (tests, the admin); resolves when it is done. */
  run(): Promise<TSweepResult>
  stop(): Promise<void>
  readonly stats: TSweepResult & { passes: number; failures: number; lastError: string | null }
}

interface TExamined {
  id: string
  name: string
  relayed_at: Date
  due: boolean
  missing: TDomain[]
}

interface TPayloadRow {
  id: string
  name: string
  version: number
  payload: unknown
  publisher: string
  created_at: Date
}

const log = useLogger('sweep')
/** Clock difference tolerated between the job's timestamp (worker clock) and relayed_at (PostgreSQL's). */
const CLOCK_SLACK_MS = 5000

const EXAMINE_SQL = `
  SELECT o.id::text, o.name, o.relayed_at,
    o.relayed_at < now() - $3::float8 * interval '1 millisecond' AS due,
    ARRAY(SELECT d FROM unnest(o.routed_to) AS d WHERE NOT EXISTS (
      SELECT 1 FROM event_receipts r WHERE r.event_id = o.id AND r.listener = d || '.' || o.name))::text[] AS missing
  FROM event_outbox o
  WHERE o.handled_at IS NULL AND (o.relayed_at, o.id) > ($1::timestamptz, $2::uuid)
    AND o.relayed_at < now() - $4::float8 * interval '1 millisecond'
  ORDER BY o.relayed_at, o.id LIMIT $5`

export function startSweep(opts: TSweepOptions): TSweep {
  const everyMs = opts.everyMs ?? Math.max(100, Math.min(5000, Math.floor(opts.redeliverAfterMs / 4)))
  const batchSize = opts.batchSize ?? 1000
  const maxBatches = opts.maxBatchesPerPass ?? 20
  // Rows younger than a pass interval (5 s at most) are left alone: their receipts are on the way.
  const minAgeMs = Math.min(everyMs, opts.redeliverAfterMs, 5000)
  const stats = { examined: 0, handled: 0, redelivered: 0, passes: 0, failures: 0, lastError: null as string | null }
  // Where the walk over unhandled rows stands: (relayed_at, id) of the last row looked at.
  const START: [Date | string, string] = ['-infinity', '00000000-0000-0000-0000-000000000000']
  let cursor = START
  let stopped = false
  let running: Promise<TSweepResult> | null = null
  let timer: NodeJS.Timeout | undefined

  /**
   * When the oldest job still waiting or running in a domain's queue was added (ms);
   * null when the queue is idle. Both lists take jobs at one end and add at the
   * other, so their tails (range 0..0 ascending) are their oldest.
   */
  async function oldestPending(d: TDomain): Promise<number | null> {
    const jobs = await opts.queues.get(d).getJobs(['waiting', 'active'], 0, 0, true)
    return jobs.length > 0 ? Math.min(...jobs.map((j) => j.timestamp)) : null
  }

  async function redeliver(owed: Map<TDomain, TExamined[]>): Promise<number> {
    const send = new Map<TDomain, TExamined[]>()
    for (const [d, rows] of owed) {
      const oldest = await oldestPending(d)
      const lost = rows.filter((r) => oldest === null || oldest > r.relayed_at.getTime() + CLOCK_SLACK_MS)
      if (lost.length > 0) send.set(d, lost)
    }
    const ids = [...new Set([...send.values()].flat().map((r) => r.id))]
    if (ids.length === 0) return 0
    // The rows are claimed (bumped and locked) in the transaction that sends them, so
    // two workers' sweeps never both send and count the same event, and a failed send
    // rolls the bump back for the next pass.
    const client = await opts.pool.connect()
    try {
      await client.query('BEGIN')
      const { rows } = await client.query<TPayloadRow>(
        `UPDATE event_outbox SET relayed_at = now(), redeliveries = redeliveries + 1
         WHERE id = ANY($1::uuid[]) AND handled_at IS NULL AND relayed_at < now() - $2::float8 * interval '1 millisecond'
         RETURNING id::text, name, version, payload, publisher, created_at`,
        [ids, opts.redeliverAfterMs],
      )
      const byId = new Map(rows.map((r) => [r.id, r]))
      const data = (r: TPayloadRow): TEventJobData => ({
        id: r.id,
        name: r.name,
        version: r.version,
        payload: r.payload,
        publisher: r.publisher,
        publishedAt: r.created_at.toISOString(),
      })
      const sent: Record<string, number> = {}
      await Promise.all(
        [...send].map(([d, list]) => {
          const jobs = list.flatMap((e) => {
            const row = byId.get(e.id)
            return row ? [{ name: row.name, data: data(row), opts: { jobId: eventJobId(row.id, d) } }] : []
          })
          if (jobs.length === 0) return undefined
          sent[d] = jobs.length
          return opts.queues.get(d).addBulk(jobs)
        }),
      )
      await client.query('COMMIT')
      if (rows.length > 0) {
        log.warn('re-sent events whose receipts were missing (was Redis restarted without its data?)', {
          events: rows.length,
          domains: sent,
        })
      }
      return rows.length
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {})
      throw e
    } finally {
      client.release()
    }
  }

  async function pass(): Promise<TSweepResult> {
    const result: TSweepResult = { examined: 0, handled: 0, redelivered: 0 }
    for (let i = 0; i < maxBatches && !stopped; i++) {
      const { rows } = await opts.pool.query<TExamined>(EXAMINE_SQL, [...cursor, opts.redeliverAfterMs, minAgeMs, batchSize])
      result.examined += rows.length
      const handled: string[] = []
      const owed = new Map<TDomain, TExamined[]>()
      for (const r of rows) {
        // A domain that lost its handler since the row was sent owes nothing any more.
        const routed = routesOf(opts.routes, r.name)
        const missing = r.missing.filter((d) => routed.includes(d))
        if (missing.length === 0) handled.push(r.id)
        else if (r.due) {
          for (const d of missing) {
            const list = owed.get(d)
            if (list) list.push(r)
            else owed.set(d, [r])
          }
        }
      }
      if (handled.length > 0) {
        await opts.pool.query('UPDATE event_outbox SET handled_at = now() WHERE id = ANY($1::uuid[]) AND handled_at IS NULL', [handled])
        result.handled += handled.length
      }
      if (owed.size > 0) result.redelivered += await redeliver(owed)
      if (rows.length < batchSize) {
        cursor = START
        break
      }
      const last = rows[rows.length - 1]!
      cursor = [last.relayed_at, last.id]
    }
    return result
  }

  function run(): Promise<TSweepResult> {
    running ??= pass()
      .then((r) => {
        stats.passes++
        stats.examined += r.examined
        stats.handled += r.handled
        stats.redelivered += r.redelivered
        if (stats.failures > 0) log.info('sweep recovered', { after: stats.failures })
        stats.failures = 0
        stats.lastError = null
        return r
      })
      .catch((e: Error) => {
        stats.failures++
        stats.lastError = e.message
        if (stats.failures === 1) log.warn('sweep failed; it retries at the next pass', { err: e.message })
        throw e
      })
      .finally(() => {
        running = null
      })
    return running
  }

  const tick = () => {
    timer = setTimeout(() => {
      void run()
        .catch(() => {})
        .finally(() => {
          if (!stopped) tick()
        })
    }, everyMs)
  }
  tick()

  return {
    run,
    stats,
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running?.catch(() => {})
    },
  }
}
