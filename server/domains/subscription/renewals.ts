import type { Subscription } from '../../generated/prisma/client'
import { useDb } from '../../lib/db'
import { publish } from '../../events'
import { GRACE_DAYS, planOf } from '../../../shared/subscription'
import { addDays } from './periods'
import { lineTitle } from './checkout'
import { recordEvent, region } from './subscriptions'

export interface TDueResult {
  /** Periods that ended and asked for a renewal (SubscriptionRenewalDue). */
  renewalsDue: number
  /** Subscriptions cancelled by their holder that ended with their period. */
  ended: number
  /** Renewals not paid within the grace period. */
  expired: number
}

const BATCH = 100

/**
 * Moves every subscription whose time came, as of `now` (a parameter so tests can run a
 * year in a second; the job passes the real time):
 * - a period ended with a cancellation pending → `canceled`;
 * - a period ended otherwise → `past_due` with a grace period and a renewal checkout;
 *   SubscriptionRenewalDue asks billing to make the order and pay it from the balance
 *   when it covers it (never after a trial: a free trial does not spend money unasked);
 *   the order's OrderPaid renews it;
 * - a grace period over → `expired`.
 * Each subscription moves in its own transaction with its event, rows locked with SKIP
 * LOCKED so two workers never move one twice; a repeated run finds nothing left to do.
 */
export async function runDue(now = new Date()): Promise<TDueResult> {
  const result: TDueResult = { renewalsDue: 0, ended: 0, expired: 0 }
  const db = useDb()
  for (;;) {
    const moved = await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM subscriptions
        WHERE (status IN ('trialing', 'active') AND current_period_end <= ${now})
           OR (status = 'past_due' AND grace_until <= ${now})
        ORDER BY current_period_end
        LIMIT 1
        FOR UPDATE SKIP LOCKED`
      const id = rows[0]?.id
      if (!id) return false
      const sub = (await tx.subscription.findUnique({ where: { id } })) as Subscription
      if (sub.status === 'past_due') {
        await tx.subscription.update({ where: { id }, data: { status: 'expired', endedAt: now } })
        await recordEvent(tx, id, 'expired', { graceUntil: sub.graceUntil?.toISOString() ?? null }, now)
        result.expired++
        return true
      }
      if (sub.cancelAtPeriodEnd) {
        await tx.subscription.update({ where: { id }, data: { status: 'canceled', endedAt: sub.currentPeriodEnd } })
        await recordEvent(tx, id, 'ended_canceled', {}, now)
        result.ended++
        return true
      }
      const plan = planOf(region(), sub.nextPlanCode ?? sub.planCode) ?? planOf(region(), sub.planCode)
      if (!plan) {
        await tx.subscription.update({ where: { id }, data: { status: 'expired', endedAt: now } })
        await recordEvent(tx, id, 'expired', { reason: 'plan_withdrawn' }, now)
        result.expired++
        return true
      }
      const graceUntil = addDays(sub.currentPeriodEnd, GRACE_DAYS)
      await tx.subscription.update({ where: { id }, data: { status: 'past_due', graceUntil } })
      const checkout = await tx.subscriptionCheckout.create({
        data: {
          userId: sub.userId,
          subjectKind: sub.subjectKind,
          subjectId: sub.subjectId,
          kind: 'renew',
          planCode: plan.code,
          subscriptionId: sub.id,
          currency: sub.currency,
          priceMinor: plan.priceMinor,
          amountMinor: plan.priceMinor,
          locale: sub.locale,
        },
      })
      await recordEvent(tx, id, 'renewal_due', { plan: plan.code, checkoutId: checkout.id, graceUntil: graceUntil.toISOString() }, now)
      await publish(tx, 'SubscriptionRenewalDue', {
        subscriptionId: sub.id,
        checkoutId: checkout.id,
        userId: sub.userId,
        workspaceId: sub.subjectKind === 'workspace' ? sub.subjectId : null,
        title: lineTitle(plan, 'renew', sub.locale),
        amountMinor: plan.priceMinor,
        currency: sub.currency,
        payFromBalance: !sub.trial,
        graceUntil: graceUntil.toISOString(),
      })
      result.renewalsDue++
      return true
    })
    if (!moved) break
    if (result.renewalsDue + result.ended + result.expired >= BATCH * 10) break
  }
  return result
}
