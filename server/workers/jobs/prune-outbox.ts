import type { TJobContext } from '../jobs'

export async function pruneOutbox(
  p: { relayedOlderThanDays: number; receiptsOlderThanDays: number },
  { db }: TJobContext,
): Promise<{ outbox: number; receipts: number }> {
  const outbox = await db.$executeRaw`DELETE FROM event_outbox
    WHERE relayed_at IS NOT NULL AND relayed_at < now() - make_interval(days => ${p.relayedOlderThanDays})`
  const receipts = await db.$executeRaw`DELETE FROM event_receipts
    WHERE processed_at < now() - make_interval(days => ${p.receiptsOlderThanDays})`
  return { outbox, receipts }
}
