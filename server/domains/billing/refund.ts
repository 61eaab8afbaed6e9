import type { Prisma } from '../../generated/prisma/client'
import { useDb, type TDb } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { useLogger } from '../../lib/log'
import { EPAY_MIN_REFUND_MINOR, EpayError } from '../../integrations/epay'
import { formatMoney } from '../../../shared/money'
import type { TCurrency } from '../../../shared/billing'
import type { TAdminOrderView, TRefundInput } from '../../../shared/billing-admin'
import { cardPaymentOf, getAdminOrder, refundableOf } from './admin-orders'
import { billingConflict, invalidOrder, orderNotFound } from './errors'
import { appendLog, gateway, invoiceIdOf } from './epay-payments'
import { balanceOf, lockAccount, payerAccount, transfer } from './ledger'
import { lockOrder, moveOrder } from './orders'
import { majorString } from './settle'
import { publish } from '../../events'

const log = useLogger('billing:refund')

/**
 * An admin's refund of a paid order, in full or in part.
 *
 * - Only a paid order (a partly refunded one stays `paid` with refunded_minor > 0); the
 *   refund that reaches the total moves it to `refunded`.
 * - Which money goes back first: the card part, then the balance part. Card money returns
 *   to the card it came from (Epay's refund of the paying transaction); only what was paid
 *   from the balance is credited back to the balance (a ledger transfer
 *   `order:<id>:refund:<n>` from `platform:sales`). A top-up's card refund also takes the
 *   topped-up money off the balance again (`order:<id>:refund:<n>:topup`), so it is refused
 *   (409) when the balance no longer holds it.
 * - Epay is called before the transaction and no transaction is held open during the call.
 *   A refusal (or no answer) writes only a line in the payment's provider log and answers
 *   502 with the provider's message; the order is untouched.
 * - Then one transaction, under the order's row lock (lockOrder): refunded_minor, the
 *   history row with the reason and the admin (from = to = paid for a partial refund,
 *   moveOrder to `refunded` for the last one), the ledger transfer, the provider log line.
 * - Concurrency: refunds of one order run one at a time in this process (each plans from
 *   what the previous one committed). Across processes two refunds may plan from the same
 *   state; the card parts are then bounded by Epay itself (it refuses more than what is
 *   left of the charge), and since a refund with a balance part took everything left on
 *   the card, it is refused by Epay whenever another card refund came first. The row lock
 *   re-checks the total before anything is written.
 */

/** A provider that refused or did not answer: 502 Bad Gateway, with what it said. */
export class ProviderRefusedError extends AppError {
  override get status(): number {
    return 502
  }
}


/** Refunds of one order run one after the other in this process. */
const running = new Map<string, Promise<unknown>>()
async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = running.get(key) ?? Promise.resolve()
  const mine = before.then(work, work)
  const settled = mine.then(
    () => undefined,
    () => undefined,
  )
  running.set(key, settled)
  try {
    return await mine
  } finally {
    if (running.get(key) === settled) running.delete(key)
  }
}

interface TPlan {
  amountMinor: number
  cardMinor: number
  balanceMinor: number
}

function plan(order: Parameters<typeof refundableOf>[0] & { currency: string }, asked: number | undefined): TPlan {
  if (order.status === 'refunded') throw billingConflict('order_refunded', 'This order is refunded in full already.')
  if (order.status !== 'paid') throw billingConflict('order_not_paid', 'Only a paid order can be refunded.')
  const left = refundableOf(order)
  if (left.leftMinor <= 0) throw billingConflict('order_refunded', 'This order is refunded in full already.')
  const amountMinor = asked ?? left.leftMinor
  if (amountMinor > left.leftMinor) {
    throw billingConflict('refund_above_left', `At most ${formatMoney(left.leftMinor, order.currency, 'en')} is left to refund.`, { leftMinor: left.leftMinor })
  }
  const cardMinor = Math.min(amountMinor, left.cardLeftMinor)
  return { amountMinor, cardMinor, balanceMinor: amountMinor - cardMinor }
}

const REFUND_TX = { maxWait: 10_000, timeout: 15_000 }

export async function refundOrder(adminId: string, orderId: string, input: TRefundInput): Promise<TAdminOrderView> {
  return oneAtATime(orderId, () => refundNow(adminId, orderId, input))
}

async function refundNow(adminId: string, orderId: string, input: TRefundInput): Promise<TAdminOrderView> {
  const db = useDb()
  const order = await db.order.findUnique({ where: { id: orderId }, include: { lines: true, events: { orderBy: { id: 'asc' } }, payments: { orderBy: { seq: 'asc' } } } })
  if (!order) throw orderNotFound()
  const p = plan(order, input.amountMinor)
  const currency = order.currency as TCurrency
  const isTopup = order.lines.some((l) => l.kind === 'topup')
  const payment = p.cardMinor > 0 ? cardPaymentOf(order) : null
  if (p.cardMinor > 0 && !payment?.transactionId) {
    throw billingConflict('refund_no_card_payment', 'The card payment of this order was not found; it cannot be refunded to the card.')
  }
  if (p.cardMinor > 0 && p.cardMinor < EPAY_MIN_REFUND_MINOR) {
    throw invalidOrder('amountMinor', 'refund_below_minimum', `Epay refunds at least ${formatMoney(EPAY_MIN_REFUND_MINOR, currency, 'en')} to a card.`)
  }
  if (isTopup && p.cardMinor > 0) {
    const have = await balanceOf(db, payerAccount(order), currency)
    if (have < p.cardMinor) {
      throw billingConflict('refund_topup_spent', `The balance holds ${formatMoney(have, currency, 'en')} of this top-up; the rest was spent.`, { balanceMinor: have })
    }
  }

  let providerAnswer: { status: number } | null = null
  if (payment && p.cardMinor > 0) {
    try {
      const r = await gateway().c.refund(payment.transactionId!, { amountMinor: p.cardMinor })
      providerAnswer = { status: r.status }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      // No answer (network, timeout) is not a refusal: Epay may have refunded all the same.
      const unanswered = e instanceof EpayError && e.status === 0 && e.code !== 'invalid_input'
      const detail = e instanceof EpayError && e.detail ? e.detail : message
      log.warn(unanswered ? 'refund: Epay did not answer' : 'refund refused by Epay', { orderId, paymentId: payment.id, amountMinor: p.cardMinor, err: message })
      await appendLog(db, payment.id, { op: 'refund', ok: false, ...(unanswered ? { unanswered: true } : {}), amountMinor: p.cardMinor, adminId, error: message })
      throw new ProviderRefusedError(
        'UNAVAILABLE',
        unanswered
          ? `Epay did not answer the refund (${detail}). It may have gone through: check the transaction in Epay's cabinet before trying again.`
          : `Epay did not refund: ${detail}`,
        { messageKey: unanswered ? 'errors.billing.refund_provider_unanswered' : 'errors.billing.refund_provider_refused', params: { provider: 'epay', detail } },
      )
    }
  }

  // Epay may have given card money back: from here on it is recorded, whatever else happened meanwhile.
  const outcome = await db
    .$transaction(async (tx) => {
      const locked = await lockOrder(tx, orderId)
      if (!locked) throw orderNotFound()
      const left = refundableOf(locked)
      let { amountMinor, balanceMinor } = p
      let shortened = false
      if (amountMinor > left.leftMinor) {
        // Another process refunded meanwhile. Nothing moved yet unless Epay returned card money;
        // that is recorded (Epay bounds the card part, so it fits: see the comment at the top).
        if (p.cardMinor === 0) throw billingConflict('refund_above_left', 'The order was refunded meanwhile; look again.', { leftMinor: left.leftMinor })
        amountMinor = Math.min(p.cardMinor, left.leftMinor)
        balanceMinor = 0
        shortened = true
        if (amountMinor === 0) {
          await appendLog(tx, payment!.id, { op: 'refund', ok: true, amountMinor: p.cardMinor, adminId, unrecorded: 'the order had nothing left to refund when the refund was recorded' })
          return { shortened, amountMinor }
        }
      }
      const n = (await tx.orderEvent.count({ where: { orderId, data: { path: ['kind'], equals: 'refund' } } })) + 1
      const data = { kind: 'refund', refund: n, amountMinor, cardMinor: p.cardMinor, balanceMinor, ...(payment ? { invoiceId: invoiceIdOf(payment), transactionId: payment.transactionId } : {}) } as Prisma.InputJsonValue
      const reason = input.reason.trim()
      if (balanceMinor > 0) {
        await transfer(tx, { key: `order:${orderId}:refund:${n}`, reason: 'refund', from: 'platform:sales', to: payerAccount(locked), currency, amountMinor: balanceMinor, orderId })
      }
      if (isTopup && p.cardMinor > 0) {
        // The top-up's money left the balance back to the card; a spend racing this refund can
        // take the balance below zero, which the ledger then shows as it is.
        await lockAccount(tx, payerAccount(locked))
        await transfer(tx, { key: `order:${orderId}:refund:${n}:topup`, reason: 'refund', from: payerAccount(locked), to: 'platform:card', currency, amountMinor: p.cardMinor, orderId })
      }
      const refundedMinor = locked.refundedMinor + amountMinor
      if (refundedMinor >= locked.totalMinor) {
        await moveOrder(tx, locked, 'refunded', reason, { actorId: adminId, data, patch: { refundedMinor } })
        // Refunded in full: what it bought is taken back by the domains that gave it.
        const lines = await tx.orderLine.findMany({ where: { orderId }, select: { kind: true, ref: true } })
        await publish(tx, 'OrderRefunded', { orderId, userId: locked.userId, amount: majorString(refundedMinor), currency, items: lines.map((l) => ({ kind: l.kind, ref: l.ref })) })
      } else {
        await tx.order.update({ where: { id: orderId }, data: { refundedMinor } })
        await tx.orderEvent.create({ data: { orderId, fromStatus: 'paid', toStatus: 'paid', reason: reason.slice(0, 500), actorId: adminId, data } })
      }
      if (payment && providerAnswer) {
        await appendLog(tx, payment.id, { op: 'refund', ok: true, refund: n, amountMinor: p.cardMinor, adminId, httpStatus: providerAnswer.status })
      }
      return { shortened, amountMinor }
    }, REFUND_TX)
    .catch(async (e: unknown) => {
      // The card money went back but the order could not be written (the database failed under
      // us): say so where the admin looks, the payment's provider log, and loudly in the log.
      if (payment && providerAnswer) {
        const error = e instanceof Error ? e.message : String(e)
        log.error('refund done by Epay but not recorded', { orderId, paymentId: payment.id, amountMinor: p.cardMinor, err: error })
        await appendLog(db, payment.id, { op: 'refund', ok: true, amountMinor: p.cardMinor, adminId, unrecorded: error }).catch(() => undefined)
      }
      throw e
    })

  if (outcome.shortened) {
    log.error('refund shortened to its card part: the order was refunded meanwhile by another process', { orderId, asked: p.amountMinor, recorded: outcome.amountMinor })
    throw billingConflict(
      'refund_partly_done',
      `Only the card part (${formatMoney(outcome.amountMinor, currency, 'en')}) was refunded: the order was refunded meanwhile. Look at it again.`,
      { refundedMinor: outcome.amountMinor },
    )
  }
  return getAdminOrder(orderId, db)
}
