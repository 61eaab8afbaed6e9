import { createHash } from 'node:crypto'
import pg from 'pg'
import type { TDomain } from '../../shared/domains'
import { useConfig } from '../lib/config'
import { useLogger } from '../lib/log'
import { OUTBOX_CHANNEL } from './publish'
import { BATCH_JOB, eventJobId, type QueueSet, type TEventBatchJobData, type TEventJobData } from './queues'
import { routesOf, type TRoutes } from './routing'
import { startSweep, type TSweep, type TSweepOptions } from './sweep'

export interface TRelayOptions {
  databaseUrl: string
  queues: QueueSet
  /** Domains to send each event to (routing.ts: those with a handler for it). */
  routes: TRoutes
  /**
   * The sweep that stamps handled rows and re-sends events whose receipts are missing
   * (sweep.ts); false: none. redeliverAfterMs defaults to EVENTS_REDELIVER_AFTER_MS.
   */
  sweep?: false | Partial<Omit<TSweepOptions, 'pool' | 'queues' | 'routes'>>
  /** Rows claimed per transaction (one addBulk per subscribing queue per claim). */
  batchSize?: number
  /** Poll interval when idle and no NOTIFY arrives (NOTIFY is lost while the LISTEN link is down). */
  pollMs?: number
  /** Poll interval right after a non-empty claim: publishers notify only now and then under load. */
  busyPollMs?: number
  /**
   * How long after the last notification or non-empty claim the relay keeps polling
   * at busyPollMs. publish() skips the NOTIFY for NOTIFY_EVERY_MS after one, so an
   * event committed just after a claim found nothing would otherwise wait for pollMs.
   */
  lingerMs?: number
  /** An enqueue that takes longer is abandoned and the rows stay unrelayed. */
  enqueueTimeoutMs?: number
  /** A claim with at least this many events for one domain is packed into batch jobs (Infinity: never). */
  batchFrom?: number
  /** Most events in one batch job. */
  eventsPerJob?: number
}

export interface TRelay {
  stop(): Promise<void>
  /** Claim now instead of at the next poll. */
  wake(): void
  readonly stats: { relayed: number; batches: number; failures: number; lastError: string | null }
  /** null when started with `sweep: false`. */
  readonly sweep: TSweep | null
}

interface TRow {
  id: string
  name: string
  version: number
  payload: unknown
  publisher: string
  created_at: Date
}

const log = useLogger('relay')
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`enqueue timed out after ${ms}ms`)), ms)
  })
  return Promise.race([p, t]).finally(() => clearTimeout(timer))
}

type TJob = { name: string; data: TEventJobData | TEventBatchJobData; opts: { jobId: string } }

/**
 * Jobs per subscribing queue for one claimed batch: one job per event while events
 * trickle in, packed jobs (BATCH_JOB) once a claim holds `batchFrom` or more events
 * for a domain. A packed job's id hashes its event ids, so re-relaying the same rows
 * after a crash adds nothing, while a different grouping of them is simply a
 * different job whose events the receipts then skip.
 */
function fanOut(rows: TRow[], routes: TRoutes, batchFrom: number, eventsPerJob: number): Map<TDomain, TJob[]> {
  const events = new Map<TDomain, TEventJobData[]>()
  for (const r of rows) {
    // No route (no handler, or a name the catalog dropped): nothing to send, the row is marked handled.
    const domains = routesOf(routes, r.name)
    if (domains.length === 0) continue
    const data: TEventJobData = {
      id: r.id,
      name: r.name,
      version: r.version,
      payload: r.payload,
      publisher: r.publisher,
      publishedAt: r.created_at.toISOString(),
    }
    for (const d of domains) {
      let list = events.get(d)
      if (!list) events.set(d, (list = []))
      list.push(data)
    }
  }
  const byQueue = new Map<TDomain, TJob[]>()
  for (const [d, list] of events) {
    if (list.length < batchFrom) {
      byQueue.set(d, list.map((e) => ({ name: e.name, data: e, opts: { jobId: eventJobId(e.id, d) } })))
      continue
    }
    const jobs: TJob[] = []
    for (let i = 0; i < list.length; i += eventsPerJob) {
      const chunk = list.slice(i, i + eventsPerJob)
      const hash = createHash('sha1')
      for (const e of chunk) hash.update(e.id)
      jobs.push({ name: BATCH_JOB, data: { events: chunk }, opts: { jobId: `batch.${hash.digest('hex')}.${d}` } })
    }
    byQueue.set(d, jobs)
  }
  return byQueue
}

/**
 * Moves committed outbox rows to BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED
 * so several relays share the work, and are marked relayed in the same transaction
 * only after every addBulk succeeded: if Redis is down the transaction rolls back and
 * the rows wait. A row enqueued but not marked (crash between the two) is enqueued
 * again later; the job id and the listener receipts make that harmless.
 *
 * Marking a row relayed also records where it went (`routed_to`). From then on Redis
 * holds the only copy of the job, and a Redis that restarts empty loses it: the sweep
 * (sweep.ts) compares `routed_to` with the receipts and sends the missing pairs again.
 */
export function startRelay(opts: TRelayOptions): TRelay {
  const batchSize = opts.batchSize ?? 500
  const pollMs = opts.pollMs ?? 200
  const busyPollMs = opts.busyPollMs ?? 10
  const lingerMs = opts.lingerMs ?? 100
  let activeAt = 0
  const enqueueTimeoutMs = opts.enqueueTimeoutMs ?? 5000
  const batchFrom = opts.batchFrom ?? 4
  const eventsPerJob = opts.eventsPerJob ?? 100
  // The claim loop, its error note and the sweep.
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 3 })
  pool.on('error', (e) => log.warn('relay pool error', { err: e.message }))
  const stats = { relayed: 0, batches: 0, failures: 0, lastError: null as string | null }
  let stopped = false
  let wakeUp: (() => void) | null = null
  let pending = false
  let listener: pg.Client | null = null

  const wake = () => {
    pending = true
    activeAt = Date.now()
    wakeUp?.()
  }

  async function relayOnce(): Promise<number> {
    const client = await pool.connect()
    let ids: string[] = []
    try {
      await client.query('BEGIN')
      const { rows } = await client.query<TRow>(
        `SELECT id, name, version, payload, publisher, created_at FROM event_outbox
         WHERE relayed_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      )
      ids = rows.map((r) => r.id)
      if (rows.length > 0) {
        const groups = [...fanOut(rows, opts.routes, batchFrom, eventsPerJob)]
        await withTimeout(Promise.all(groups.map(([d, jobs]) => opts.queues.get(d).addBulk(jobs))), enqueueTimeoutMs)
        // A row routed nowhere owes no receipt: it is handled as soon as it is relayed.
        await client.query(
          `UPDATE event_outbox o SET relayed_at = now(), attempts = o.attempts + 1, last_error = NULL,
             routed_to = string_to_array(r.routes, ','), handled_at = CASE WHEN r.routes = '' THEN now() END
           FROM unnest($1::uuid[], $2::text[]) AS r(id, routes) WHERE o.id = r.id`,
          [ids, rows.map((r) => routesOf(opts.routes, r.name).join(','))],
        )
      }
      await client.query('COMMIT')
      return rows.length
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {})
      if (ids.length > 0) {
        await pool
          .query('UPDATE event_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[]) AND relayed_at IS NULL', [
            ids,
            (e as Error).message.slice(0, 1000),
          ])
          .catch(() => {})
      }
      throw e
    } finally {
      client.release()
    }
  }

  async function listen(): Promise<void> {
    while (!stopped) {
      const c = new pg.Client({ connectionString: opts.databaseUrl })
      const closed = new Promise<void>((resolve) => {
        c.on('error', () => resolve())
        c.on('end', () => resolve())
      })
      try {
        await c.connect()
        c.on('notification', wake)
        await c.query(`LISTEN ${OUTBOX_CHANNEL}`)
        listener = c
        wake() // rows may have been published while we were not listening
        await closed
      } catch (e) {
        log.debug('listen failed', { err: (e as Error).message })
      }
      listener = null
      await c.end().catch(() => {})
      if (!stopped) await sleep(1000)
    }
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      let n = 0
      try {
        pending = false
        n = await relayOnce()
        stats.relayed += n
        if (n > 0) {
          stats.batches++
          activeAt = Date.now()
        }
        if (stats.failures > 0) log.info('relay recovered', { after: stats.failures })
        stats.failures = 0
        stats.lastError = null
      } catch (e) {
        stats.failures++
        stats.lastError = (e as Error).message
        if (stats.failures === 1) log.warn('relay failed; rows stay in the outbox', { err: stats.lastError })
        await sleep(Math.min(100 * 2 ** stats.failures, 2000))
        continue
      }
      if (n >= batchSize || pending || stopped) continue
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Date.now() - activeAt < lingerMs ? busyPollMs : pollMs)
        wakeUp = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      wakeUp = null
    }
  }

  const listening = listen()
  const running = loop()
  const sweep =
    opts.sweep === false
      ? null
      : startSweep({
          redeliverAfterMs: useConfig().EVENTS_REDELIVER_AFTER_MS,
          ...opts.sweep,
          pool,
          queues: opts.queues,
          routes: opts.routes,
        })
  return {
    stats,
    sweep,
    wake,
    async stop() {
      stopped = true
      wakeUp?.()
      await sweep?.stop()
      await running
      await listener?.end().catch(() => {})
      await listening
      await pool.end().catch(() => {})
    },
  }
}
