import type { Order, OrderLine, Prisma } from '../../generated/prisma/client'
import type { TTx } from '../../lib/db'
import { publish } from '../../events'
import type { TCurrency } from '../../../shared/billing'
import { balanceOf, lockAccount, payerAccount, transfer } from './ledger'
import { moveOrder } from './orders'

/** Minor units as the decimal string events and receipts carry ("4900.00"). */
export function majorString(minor: number): string {
  const sign = minor < 0 ? '-' : ''
  const abs = Math.abs(minor)
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

export type TSettleResult = 'paid' | 'already' | 'balance_short'

/**
 * Marks a locked order paid, in the caller's transaction, with everything paying means:
 * the balance part is taken from the payer's balance (the person's, or a company order's
 * workspace's), a top-up is credited to it, the
 * history row is written and OrderPaid goes to the outbox, all committing together.
 * `already`: it was paid before (a repeated callback): nothing is written. If the
 * balance no longer covers its part (spent on another order meanwhile), the card money
 * is kept on the balance instead and the order fails with that reason: money is never lost.
 */
export async function settlePaid(tx: TTx, order: Order, via: { reason: string; cardMinor: number; data?: Prisma.InputJsonValue }): Promise<TSettleResult> {
  if (order.status === 'paid' || order.status === 'refunded') return 'already'
  const currency = order.currency as TCurrency
  const account = payerAccount(order)
  if (order.balanceMinor > 0) {
    await lockAccount(tx, account)
    const have = await balanceOf(tx, account, currency)
    if (have < order.balanceMinor) {
      if (via.cardMinor > 0) {
        await transfer(tx, { key: `order:${order.id}:card-kept`, reason: 'topup', from: 'platform:card', to: account, currency, amountMinor: via.cardMinor, orderId: order.id })
      }
      await moveOrder(tx, order, 'failed', 'Your balance no longer covers its part of this order; the card payment was added to your balance.', { data: via.data })
      return 'balance_short'
    }
    await transfer(tx, { key: `order:${order.id}:balance`, reason: 'order_payment', from: account, to: 'platform:sales', currency, amountMinor: order.balanceMinor, orderId: order.id })
  }
  const lines: OrderLine[] = await tx.orderLine.findMany({ where: { orderId: order.id } })
  for (const line of lines) {
    if (line.kind !== 'topup') continue
    await transfer(tx, { key: `order:${order.id}:topup:${line.id}`, reason: 'topup', from: 'platform:card', to: account, currency, amountMinor: line.amountMinor, orderId: order.id })
  }
  const moved = await moveOrder(tx, order, 'paid', via.reason, { data: via.data, patch: { paidAt: new Date() } })
  if (!moved) return 'already'
  await publish(tx, 'OrderPaid', {
    orderId: order.id,
    userId: order.userId,
    amount: majorString(order.totalMinor),
    currency,
    items: lines.map((l) => ({ kind: l.kind, ref: l.ref })),
  })
  return 'paid'
}
