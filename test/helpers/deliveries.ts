import type { Job } from 'bullmq'
import type { TDomain } from '../../shared/domains'
import { createEventProcessor } from '../../server/events/consume'
import { useDb } from '../../server/lib/db'
import { LISTENER_MODULES } from '../../server/workers/listeners'

/** The events that end in a message, in the order the worker's listeners chain them. */
const STEPS: { domain: TDomain; events: string[] }[] = [
  { domain: 'auth', events: ['PasswordResetRequested'] },
  { domain: 'notification', events: ['AuthMessageRequested', 'WorkspaceInviteCreated', 'WorkspaceCompanyClaimed'] },
]

/**
 * Runs the real listeners (what the worker runs) over the outbox events that end in a
 * message: the auth domain issues requested reset links, then the notification domain
 * sends every requested message. Receipts make it safe to call again; returns each
 * event's outcome ('handled', 'duplicate').
 */
export async function deliverMessages(): Promise<string[]> {
  const db = useDb()
  const out: string[] = []
  for (const step of STEPS) {
    const process = createEventProcessor(step.domain, LISTENER_MODULES, db)
    const rows = await db.$queryRaw<{ id: string; name: string; version: number; payload: unknown; publisher: string; created_at: Date }[]>`
      SELECT id::text, name, version, payload, publisher, created_at FROM event_outbox
      WHERE name = ANY(${step.events}::text[]) ORDER BY created_at`
    for (const r of rows) {
      const data = { id: r.id, name: r.name, version: r.version, payload: r.payload, publisher: r.publisher, publishedAt: r.created_at.toISOString() }
      const res = (await process({ name: r.name, data, attemptsMade: 0 } as unknown as Job)) as { status: string }
      out.push(res.status)
    }
  }
  return out
}
