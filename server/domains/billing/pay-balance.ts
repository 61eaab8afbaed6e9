import { useDb } from '../../lib/db'
import type { TCurrency, TOrderView } from '../../../shared/billing'
import { billingConflict, invalidOrder, orderNotFound } from './errors'
import { balanceOf, lockAccount, userAccount } from './ledger'
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
    await lockAccount(tx, userAccount(userId))
    if ((await balanceOf(tx, userAccount(userId), order.currency as TCurrency)) < order.balanceMinor) {
      throw invalidOrder('useBalanceMinor', 'balance_insufficient', 'Your balance is lower than the amount you chose to use.')
    }
    await settlePaid(tx, order, { reason: 'Paid from the balance', cardMinor: 0 })
  })
  return getOrder(userId, orderId, db)
}
