import { UnrecoverableError, type Job } from 'bullmq'
import type { TDomain } from '../domains/names'
import type { PrismaClient, TTx } from '../lib/db'
import { EVENTS, type TEventName } from './catalog'
import { handlerFor, listenerName, type TListener, type TListenerModule } from './listeners'
import type { TEventJobData } from './queues'

export interface TConsumeResult {
  status: 'handled' | 'duplicate' | 'no-listener'
}

interface TPending {
  job: Job
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
  const waiting: TPending[] = []
  let running = 0

  const meta = (p: TPending, tx: TTx) => ({
    eventId: p.data.id,
    name: p.name,
    version: p.data.version,
    publisher: p.data.publisher,
    publishedAt: new Date(p.data.publishedAt),
    attempt: p.job.attemptsMade + 1,
    tx,
  })

  async function runAlone(p: TPending): Promise<void> {
    try {
      const r = await db.$transaction(async (tx) => {
        const inserted = await tx.$executeRaw`INSERT INTO event_receipts (event_id, listener)
          VALUES (${p.data.id}::uuid, ${p.listener}) ON CONFLICT DO NOTHING`
        if (inserted === 0) return { status: 'duplicate' as const }
        await p.handler(p.payload as never, meta(p, tx))
        return { status: 'handled' as const }
      }, txOpts)
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
        const out: TConsumeResult[] = []
        for (const p of batch) {
          // delete(): the same event twice in one batch is applied once.
          if (!fresh.delete(`${p.data.id} ${p.listener}`)) out.push({ status: 'duplicate' })
          else {
            await p.handler(p.payload as never, meta(p, tx))
            out.push({ status: 'handled' })
          }
        }
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

  return async (job: Job): Promise<TConsumeResult> => {
    const data = job.data as TEventJobData
    const name = data.name as TEventName
    const def = EVENTS[name]
    const handler = mine.map((m) => handlerFor(m, name)).find((h) => h !== undefined)
    if (!def || !handler) return { status: 'no-listener' }
    const parsed = def.payload.safeParse(data.payload)
    // A payload that no longer matches the schema will not match on retry either.
    if (!parsed.success) throw new UnrecoverableError(`${name} payload invalid: ${parsed.error.message}`)
    return new Promise<TConsumeResult>((resolve, reject) => {
      waiting.push({ job, data, name, listener: listenerName(domain, name), payload: parsed.data, handler, resolve, reject })
      pump()
    })
  }
}
