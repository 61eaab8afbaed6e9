import type { TEventPayload } from '../../events'
import type { TListenerMeta } from '../../events/listeners'

/**
 * OrderPaid → the bought documents download: each document item names a filling; it is
 * marked paid if it is the buyer's own (a forged ref could not unlock another's). Runs
 * again harmlessly: a paid filling keeps its first paid_at.
 */
export async function unlockPaidDocuments(p: TEventPayload<'OrderPaid'>, meta: TListenerMeta): Promise<void> {
  const ids = (p.items ?? []).filter((i) => i.kind === 'document' && i.ref).map((i) => i.ref!)
  if (!ids.length) return
  await meta.tx.filling.updateMany({ where: { id: { in: ids }, userId: p.userId, paidAt: null }, data: { paidAt: new Date() } })
}

/**
 * OrderRefunded → the refunded documents lock again (the buyer's own fillings named by the
 * order's document lines). Harmless to repeat.
 */
export async function relockRefundedDocuments(p: TEventPayload<'OrderRefunded'>, meta: TListenerMeta): Promise<void> {
  const ids = p.items.filter((i) => i.kind === 'document' && i.ref).map((i) => i.ref!)
  if (!ids.length) return
  await meta.tx.filling.updateMany({ where: { id: { in: ids }, userId: p.userId }, data: { paidAt: null } })
}
