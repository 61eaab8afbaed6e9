import type { TEventPayload } from '../../events'
import type { TListenerMeta } from '../../events/listeners'
import { useLogger } from '../../lib/log'
import { useConfig } from '../../lib/config'
import { publish } from '../../events'
import { getUsersByIds } from '../auth'
import { formatMoney } from '../../../shared/money'
import { siteLocale } from '../../../shared/locales'
import { siteUrl } from '../../lib/site-url'
import type { TCurrency } from '../../../shared/billing'
import { balanceOf, lockAccount, payerAccount } from './ledger'
import { settlePaid } from './settle'
import { regionCurrency } from './orders'

const log = useLogger('billing')

/**
 * SubscriptionRenewalDue → the renewal's order, in the listener's transaction. Paid from
 * the balance at once when the subscription allows it and the balance covers the whole
 * price (OrderPaid then renews the plan); otherwise the order waits in the person's
 * orders, with a reason that says to pay it, until the grace period ends. The listener's
 * receipt makes this run once per event.
 */
export async function orderRenewal(p: TEventPayload<'SubscriptionRenewalDue'>, meta: TListenerMeta): Promise<void> {
  const { tx } = meta
  if (p.currency !== regionCurrency()) {
    log.error('a renewal is priced in another currency than this site sells in; no order made', { subscriptionId: p.subscriptionId, currency: p.currency })
    return
  }
  const workspaceId = p.workspaceId ?? null
  const account = payerAccount({ userId: p.userId, workspaceId })
  let useBalance = 0
  if (p.payFromBalance) {
    await lockAccount(tx, account)
    if ((await balanceOf(tx, account, regionCurrency())) >= p.amountMinor) useBalance = p.amountMinor
  }
  const order = await tx.order.create({
    data: {
      userId: p.userId,
      workspaceId,
      currency: p.currency,
      totalMinor: p.amountMinor,
      balanceMinor: useBalance,
      statusReason: useBalance ? null : 'Pay this order to renew your plan.',
      lines: { create: [{ kind: 'subscription', ref: p.checkoutId, title: p.title, quantity: 1, unitMinor: p.amountMinor, amountMinor: p.amountMinor }] },
    },
  })
  await tx.orderEvent.create({ data: { orderId: order.id, fromStatus: null, toStatus: 'created', reason: 'Renewal of a plan' } })
  if (useBalance) {
    await settlePaid(tx, order, { reason: 'Renewal paid from the balance', cardMinor: 0 })
    return
  }
  // Not paid: the person who holds the plan is asked, by email, in their language.
  const [holder] = await getUsersByIds([p.userId])
  const locale = siteLocale(useConfig().REGION, holder?.locale)
  await publish(tx, 'OrderPaymentRequested', {
    orderId: order.id,
    userId: p.userId,
    email: holder?.email ?? null,
    locale,
    reason: 'renewal',
    title: p.title,
    amountText: formatMoney(p.amountMinor, p.currency as TCurrency, locale),
    payUrl: siteUrl(`/billing/checkout/${order.id}`, locale).toString(),
    payBy: p.graceUntil ?? null,
  })
}
