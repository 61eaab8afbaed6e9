import { UnrecoverableError, type Job } from 'bullmq'
import type { TDomain } from '../../shared/domains'
import type { PrismaClient, TTx } from '../lib/db'
import { useLogger } from '../lib/log'
import { EVENTS, type TEventName } from './catalog'
import { handlerFor, listenerName, stagesOf, type TListener, type TListenerModule } from './listeners'
import { BATCH_JOB, eventJobId, type TEventBatchJobData, type TEventJobData } from './queues'

const log = useLogger('events')

export interface TConsumeResult {
  status: 'handled' | 'duplicate' | 'no-listener'
}

/** What a packed job (BATCH_JOB) returns. */
export interface TBatchResult {
  status: 'batch'
  handled: number
  duplicate: number
  /** Events whose handler failed: re-queued as jobs of their own. */
  requeued: number
}

export interface TRequeueJob {
  name: string
  data: TEventJobData
  opts: { jobId: string }
}

interface TPending {
  attempt: number
  data: TEventJobData
  name: TEventName
  listener: string
  payload: unknown
  handler: TListener<TEventName>
  resolve: (r: TConsumeResult) => void
  reject: (e: unknown) => void
}

export interface TConsumeOptions {
  txTimeoutMs?: number
  /** Most events applied in one transaction. */
  maxBatch?: number
  /** Transactions in flight per domain; jobs arriving meanwhile form the next batch. */
  maxParallel?: number
  /** Adds jobs to this domain's queue; without it a failure in a packed job retries the whole job. */
  requeue?: (jobs: TRequeueJob[]) => Promise<void>
}

/**
 * The BullMQ processor of one domain queue. A handler runs in a transaction that
 * first inserts its (event id, listener) receipt: a redelivered event finds the
 * receipt and is skipped; a handler that throws rolls its receipt back, so the retry
 * runs it again. The receipt is the only write the platform adds per listener.
 *
 * Under load, jobs that arrive while earlier transactions are still running are
 * applied together in one transaction (one multi-row receipt insert). If any handler
 * in such a batch throws, the batch rolls back as a whole and each event is run again
 * alone, so only the failing job fails. At low load a batch is one job: no added delay.
 */
export function createEventProcessor(
  domain: TDomain,
  modules: readonly TListenerModule[],
  db: PrismaClient,
  opts: TConsumeOptions = {},
) {
  const txOpts = { timeout: opts.txTimeoutMs ?? 60_000, maxWait: 10_000 }
  const maxBatch = opts.maxBatch ?? 100
  const maxParallel = opts.maxParallel ?? 4
  const mine = modules.filter((m) => m.domain === domain)
  const prepares = mine.flatMap((m) => (m.prepare ? [m.prepare] : []))
  const flushes = mine.flatMap((m) => (m.flush ? [m.flush] : []))
  const waiting: TPending[] = []
  let running = 0

  const meta = (p: TPending, tx: TTx) => ({
    eventId: p.data.id,
    name: p.name,
    version: p.data.version,
    publisher: p.data.publisher,
    publishedAt: new Date(p.data.publishedAt),
    attempt: p.attempt,
    tx,
  })

  async function runAlone(p: TPending): Promise<void> {
    try {
      // A staged listener's slow part runs first, with no transaction open (listeners.ts).
      const stages = stagesOf(p.handler)
      let work: unknown
      if (stages) {
        const seen = await db.$queryRaw<unknown[]>`SELECT 1 FROM event_receipts WHERE event_id = ${p.data.id}::uuid AND listener = ${p.listener}`
        if (seen.length > 0) return p.resolve({ status: 'duplicate' })
        const { tx: _tx, ...info } = meta(p, null as unknown as TTx)
        work = await stages.work(p.payload as never, info)
      }
      const r = await db.$transaction(async (tx) => {
        const inserted = await tx.$executeRaw`INSERT INTO event_receipts (event_id, listener)
          VALUES (${p.data.id}::uuid, ${p.listener}) ON CONFLICT DO NOTHING`
        if (inserted === 0) return { status: 'duplicate' as const }
        if (stages) await stages.apply(p.payload as never, meta(p, tx), work)
        else await p.handler(p.payload as never, meta(p, tx))
        return { status: 'handled' as const }
      }, txOpts)
      if (stages?.settled && r.status === 'handled') {
        try {
          await stages.settled(p.payload as never, work)
        } catch (e) {
          log.warn('a listener\'s after-commit step failed', { listener: p.listener, err: e instanceof Error ? e.message : String(e) })
        }
      }
      p.resolve(r)
    } catch (e) {
      p.reject(e)
    }
  }

  async function runBatch(batch: TPending[]): Promise<void> {
    let results: TConsumeResult[]
    try {
      results = await db.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<{ k: string }[]>`INSERT INTO event_receipts (event_id, listener)
          SELECT * FROM unnest(${batch.map((p) => p.data.id)}::uuid[], ${batch.map((p) => p.listener)}::text[])
          ON CONFLICT DO NOTHING RETURNING event_id::text || ' ' || listener AS k`
        const fresh = new Set(rows.map((r) => r.k))
        if (prepares.length > 0) {
          const events = batch.filter((p) => fresh.has(`${p.data.id} ${p.listener}`)).map((p) => ({ name: p.name, payload: p.payload }))
          for (const prepare of prepares) await prepare(events, tx)
        }
        const out: TConsumeResult[] = []
        for (const p of batch) {
          // delete(): the same event twice in one batch is applied once.
          if (!fresh.delete(`${p.data.id} ${p.listener}`)) out.push({ status: 'duplicate' })
          else {
            await p.handler(p.payload as never, meta(p, tx))
            out.push({ status: 'handled' })
          }
        }
        for (const flush of flushes) await flush(tx)
        return out
      }, txOpts)
    } catch {
      await Promise.all(batch.map(runAlone))
      return
    }
    batch.forEach((p, i) => p.resolve(results[i]))
  }

  function pump(): void {
    while (running < maxParallel && waiting.length > 0) {
      const batch = waiting.splice(0, maxBatch)
      running++
      void (batch.length === 1 ? runAlone(batch[0]) : runBatch(batch)).finally(() => {
        running--
        pump()
      })
    }
  }

  function admit(data: TEventJobData, attempt: number): Promise<TConsumeResult> {
    const name = data.name as TEventName
    const def = EVENTS[name]
    const handler = mine.map((m) => handlerFor(m, name)).find((h) => h !== undefined)
    if (!def || !handler) return Promise.resolve({ status: 'no-listener' })
    const parsed = def.payload.safeParse(data.payload)
    // A payload that no longer matches the schema will not match on retry either.
    if (!parsed.success) return Promise.reject(new UnrecoverableError(`${name} payload invalid: ${parsed.error.message}`))
    return new Promise<TConsumeResult>((resolve, reject) => {
      const p: TPending = { attempt, data, name, listener: listenerName(domain, name), payload: parsed.data, handler, resolve, reject }
      // Staged listeners run alone and outside the batches: their slow part holds no transaction, so no slot either.
      if (stagesOf(handler)) return void runAlone(p)
      waiting.push(p)
      pump()
    })
  }

  /**
   * A packed job: its events join the listener batches like single jobs. An event
   * whose handler fails becomes a job of its own (id `<event>.<domain>`, so a retry of
   * this packed job does not add it twice) and the packed job completes: the others
   * are not run again, and the failing one gets the usual retries and dead-job record.
   */
  async function processPacked(job: Job): Promise<TBatchResult> {
    const { events } = job.data as TEventBatchJobData
    const settled = await Promise.allSettled(events.map((e) => admit(e, job.attemptsMade + 1)))
    const failed = events.filter((_, i) => settled[i].status === 'rejected')
    if (failed.length > 0) {
      if (!opts.requeue) throw (settled.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason
      await opts.requeue(failed.map((e) => ({ name: e.name, data: e, opts: { jobId: eventJobId(e.id, domain) } })))
    }
    const count = (s: TConsumeResult['status']) => settled.filter((r) => r.status === 'fulfilled' && r.value.status === s).length
    return { status: 'batch', handled: count('handled'), duplicate: count('duplicate'), requeued: failed.length }
  }

  return async (job: Job): Promise<TConsumeResult | TBatchResult> =>
    job.name === BATCH_JOB ? processPacked(job) : admit(job.data as TEventJobData, job.attemptsMade + 1)
}
