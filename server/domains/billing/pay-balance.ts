import { useDb } from '../../lib/db'
import type { TOrderView } from '../../../shared/billing'
import { billingConflict, invalidOrder, orderNotFound } from './errors'
import { assertPayable, getOrder, lockOrder } from './orders'
import { settlePaid } from './settle'

/**
 * Pays an order wholly from the balance (its balance part is its total): the balance is
 * taken, what was bought unlocked (OrderPaid) in one transaction. A balance that no longer
 * covers it refuses (400) and changes nothing.
 */
export async function payFromBalance(userId: string, orderId: string): Promise<TOrderView> {
  const db = useDb()
  await db.$transaction(async (tx) => {
    const order = await lockOrder(tx, orderId)
    if (!order || order.userId !== userId) throw orderNotFound()
    assertPayable(order)
    if (order.balanceMinor !== order.totalMinor) throw billingConflict('card_part_remains', 'Part of this order is to be paid by card.')
    // settlePaid checks the balance under the account's lock; when it is short, throwing
    // rolls back the failed move it made, so the order stays as it was.
    if ((await settlePaid(tx, order, { reason: 'Paid from the balance', cardMinor: 0 })) === 'balance_short') {
      throw invalidOrder('useBalanceMinor', 'balance_insufficient', 'Your balance is lower than the amount you chose to use.')
    }
  })
  return getOrder(userId, orderId, db)
}
