import pg from 'pg'
import type { TDomain } from '../domains/names'
import { useLogger } from '../lib/log'
import { EVENTS, type TEventName } from './catalog'
import { OUTBOX_CHANNEL } from './publish'
import { eventJobId, type QueueSet, type TEventJobData } from './queues'

export interface TRelayOptions {
  databaseUrl: string
  queues: QueueSet
  /** Rows claimed per transaction (one addBulk per subscribing queue per claim). */
  batchSize?: number
  /** Poll interval when idle and no NOTIFY arrives (NOTIFY is lost while the LISTEN link is down). */
  pollMs?: number
  /** Poll interval right after a non-empty claim: publishers notify only now and then under load. */
  busyPollMs?: number
  /** An enqueue that takes longer is abandoned and the rows stay unrelayed. */
  enqueueTimeoutMs?: number
}

export interface TRelay {
  stop(): Promise<void>
  /** Claim now instead of at the next poll. */
  wake(): void
  readonly stats: { relayed: number; batches: number; failures: number; lastError: string | null }
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

/** Jobs per subscribing queue for one claimed batch. */
function fanOut(rows: TRow[]): Map<TDomain, { name: string; data: TEventJobData; opts: { jobId: string } }[]> {
  const byQueue = new Map<TDomain, { name: string; data: TEventJobData; opts: { jobId: string } }[]>()
  for (const r of rows) {
    const def = EVENTS[r.name as TEventName]
    if (!def) continue // an event removed from the catalog: nobody can handle it, it is marked relayed
    const data: TEventJobData = {
      id: r.id,
      name: r.name,
      version: r.version,
      payload: r.payload,
      publisher: r.publisher,
      publishedAt: r.created_at.toISOString(),
    }
    for (const d of def.subscribers) {
      let list = byQueue.get(d)
      if (!list) byQueue.set(d, (list = []))
      list.push({ name: r.name, data, opts: { jobId: eventJobId(r.id, d) } })
    }
  }
  return byQueue
}

/**
 * Moves committed outbox rows to BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED
 * so several relays share the work, and are marked relayed in the same transaction
 * only after every addBulk succeeded: if Redis is down the transaction rolls back and
 * the rows wait. A row enqueued but not marked (crash between the two) is enqueued
 * again later; the job id and the listener receipts make that harmless.
 */
export function startRelay(opts: TRelayOptions): TRelay {
  const batchSize = opts.batchSize ?? 500
  const pollMs = opts.pollMs ?? 200
  const busyPollMs = opts.busyPollMs ?? 10
  const enqueueTimeoutMs = opts.enqueueTimeoutMs ?? 5000
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 2 })
  pool.on('error', (e) => log.warn('relay pool error', { err: e.message }))
  const stats = { relayed: 0, batches: 0, failures: 0, lastError: null as string | null }
  let stopped = false
  let wakeUp: (() => void) | null = null
  let pending = false
  let listener: pg.Client | null = null

  const wake = () => {
    pending = true
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
        const groups = [...fanOut(rows)]
        await withTimeout(Promise.all(groups.map(([d, jobs]) => opts.queues.get(d).addBulk(jobs))), enqueueTimeoutMs)
        await client.query(
          'UPDATE event_outbox SET relayed_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::uuid[])',
          [ids],
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
        if (n > 0) stats.batches++
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
        const timer = setTimeout(resolve, n > 0 ? busyPollMs : pollMs)
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
  return {
    stats,
    wake,
    async stop() {
      stopped = true
      wakeUp?.()
      await running
      await listener?.end().catch(() => {})
      await listening
      await pool.end().catch(() => {})
    },
  }
}
