import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import { useLogger } from '../../lib/log'
import { lockOrder, moveOrder } from './orders'
import { releaseRedemption } from './promo'

const log = useLogger('billing')

/**
 * Orders left unpaid (`created`, or `failed` and not tried again) for BILLING_ORDER_TTL_HOURS
 * since their last move expire: the history says so, the promo code's place goes back to
 * the code (its limit counts orders holding it) and the person can use it on a new order.
 * Not touched: `pending` orders: a card payment is under way (the reconciliation job settles
 * or gives it up, which makes the order `failed` and so, later, expirable) or a company's
 * bank transfer is awaited, which takes days and is closed by an admin. Each order moves in
 * its own transaction under its row lock, so a payment arriving at that moment either
 * commits first (and the order is no longer expirable) or finds it expired and is refused.
 */
export async function expireStaleOrders(now = new Date(), limit = 500): Promise<{ expired: number }> {
  const db = useDb()
  const before = new Date(now.getTime() - useConfig().BILLING_ORDER_TTL_HOURS * 3600_000)
  const stale = await db.order.findMany({
    where: { status: { in: ['created', 'failed'] }, updatedAt: { lt: before } },
    select: { id: true },
    orderBy: { updatedAt: 'asc' },
    take: limit,
  })
  let expired = 0
  for (const { id } of stale) {
    try {
      const moved = await db.$transaction(async (tx) => {
        const order = await lockOrder(tx, id)
        if (!order || (order.status !== 'created' && order.status !== 'failed') || order.updatedAt >= before) return false
        // The amounts stay as they were offered (the history shows them); only the code's place goes back.
        const held = await releaseRedemption(tx, id)
        return moveOrder(tx, order, 'expired', 'This order was not paid in time; place a new one.', { data: held ? { promoReleased: order.promoCode } : {} })
      })
      if (moved) expired++
    } catch (e) {
      log.warn('expiring an order failed; the next run tries again', { orderId: id, err: e instanceof Error ? e.message : String(e) })
    }
  }
  return { expired }
}
