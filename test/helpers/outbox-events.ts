import type { Job } from 'bullmq'
import type { TDomain } from '../../shared/domains'
import { createEventProcessor } from '../../server/events/consume'
import type { TEventName } from '../../server/events'
import { useDb } from '../../server/lib/db'
import { LISTENER_MODULES } from '../../server/workers/listeners'

/**
 * Runs `domain`'s real listeners over the outbox's events named `name` whose payload has
 * `field` = `value`, as the worker would (receipts included); answers how many there were.
 */
export async function runOutboxEvents(domain: TDomain, name: TEventName, field: string, value: string): Promise<number> {
  const db = useDb()
  const process = createEventProcessor(domain, LISTENER_MODULES, db)
  const rows = await db.$queryRaw<{ id: string; name: string; version: number; payload: unknown; publisher: string; created_at: Date }[]>`
    SELECT id::text, name, version, payload, publisher, created_at FROM event_outbox WHERE name = ${name} AND payload->>${field} = ${value} ORDER BY created_at`
  for (const r of rows) {
    const data = { id: r.id, name: r.name, version: r.version, payload: r.payload, publisher: r.publisher, publishedAt: r.created_at.toISOString() }
    await process({ name: r.name, data, attemptsMade: 0 } as unknown as Job)
  }
  return rows.length
}
