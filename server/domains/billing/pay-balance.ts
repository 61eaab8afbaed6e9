import { useDb } from '../../lib/db'
import type { TCurrency, TOrderView } from '../../../shared/billing'
import { balanceOf, payerAccount } from './ledger'
import { billingConflict, invalidOrder } from './errors'
import { assertLinesCurrent, assertOrderAccess, assertPayable, getOrder, lockOrder } from './orders'
import { settlePaid } from './settle'

/**
 * Pays an order wholly from the balance (its balance part is its total): the balance is
 * taken, what was bought unlocked (OrderPaid) in one transaction. A balance that no longer
 * covers it refuses (400) and changes nothing.
 */
export async function payFromBalance(userId: string, orderId: string): Promise<TOrderView> {
  const db = useDb()
  await db.$transaction(async (tx) => {
    const order = await assertOrderAccess(userId, await lockOrder(tx, orderId))
    assertPayable(order)
    await assertLinesCurrent(tx, orderId)
    if (order.balanceMinor !== order.totalMinor) throw billingConflict('card_part_remains', 'Part of this order is to be paid by card.')
    // settlePaid checks the balance under the account's lock; when it is short, throwing
    // rolls back the failed move it made, so the order stays as it was.
    if ((await settlePaid(tx, order, { reason: 'Paid from the balance', cardMinor: 0 })) === 'balance_short') {
      throw invalidOrder('useBalanceMinor', 'balance_insufficient', 'Your balance is lower than the amount you chose to use.')
    }
  })
  return getOrder(userId, orderId, db)
}

/**
 * How much of an unpaid order the balance pays (the checkout's "use my balance"); the rest
 * is paid by card. Only before a card payment is under way (created or failed), never more
 * than the total or than the balance has now; the balance is taken when the order is paid.
 */
export async function setBalancePart(userId: string, orderId: string, useBalanceMinor: number): Promise<TOrderView> {
  const db = useDb()
  await db.$transaction(async (tx) => {
    const order = await assertOrderAccess(userId, await lockOrder(tx, orderId))
    assertPayable(order)
    if (order.status === 'pending') throw billingConflict('payment_under_way', 'A card payment for this order is under way; wait for it to finish.')
    if (useBalanceMinor > order.totalMinor) throw invalidOrder('useBalanceMinor', 'balance_above_total', 'You can use at most the order total from your balance.')
    const lines = await tx.orderLine.findMany({ where: { orderId }, select: { kind: true } })
    if (useBalanceMinor > 0 && lines.some((l) => l.kind === 'topup')) throw invalidOrder('useBalanceMinor', 'balance_for_topup', 'A top-up cannot be paid from the balance.')
    if (useBalanceMinor > 0 && (await balanceOf(tx, payerAccount(order), order.currency as TCurrency)) < useBalanceMinor) {
      throw invalidOrder('useBalanceMinor', 'balance_insufficient', 'Your balance is lower than the amount you chose to use.')
    }
    await tx.order.update({ where: { id: orderId }, data: { balanceMinor: useBalanceMinor } })
  })
  return getOrder(userId, orderId, db)
}
