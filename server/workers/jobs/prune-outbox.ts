import type { TJobContext } from '../jobs'

/**
 * Only rows stamped handled (every routed listener has its receipt, see
 * server/events/sweep.ts) are deleted: a relayed row still owed a receipt is the only
 * copy left if Redis lost its job. A receipt is kept while its event's row is still
 * owed another one, so a redelivery never runs a listener that already ran.
 */
export async function pruneOutbox(
  p: { handledOlderThanDays: number; receiptsOlderThanDays: number },
  { db }: TJobContext,
): Promise<{ outbox: number; receipts: number }> {
  const outbox = await db.$executeRaw`DELETE FROM event_outbox
    WHERE handled_at < now() - make_interval(days => ${p.handledOlderThanDays})`
  const receipts = await db.$executeRaw`DELETE FROM event_receipts r
    WHERE r.processed_at < now() - make_interval(days => ${p.receiptsOlderThanDays})
      AND NOT EXISTS (SELECT 1 FROM event_outbox o WHERE o.id = r.event_id AND o.handled_at IS NULL)`
  return { outbox, receipts }
}
