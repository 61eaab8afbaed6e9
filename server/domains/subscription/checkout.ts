import type { TTx } from '../../lib/db'
import { useDb } from '../../lib/db'
import { useLogger } from '../../lib/log'
import { planOf, type TPlan, type TQuote } from '../../../shared/subscription'
import { prorate } from './periods'
import { anyLocale } from '../../../shared/locales'
import { subscriptionConflict } from './errors'
import {
  currency,
  liveSubscription,
  lockSubject,
  periodEnd,
  planFields,
  provided,
  recordEvent,
  region,
  requirePlan,
  userSubject,
  workspaceSubject,
  type TSubject,
} from './subscriptions'

const log = useLogger('subscription')

/** How long an upgrade's price (with the unused days credited) may be paid at. */
export const UPGRADE_QUOTE_TTL_MS = 24 * 3600 * 1000

/**
 * What buying `plan` costs the subject now, and as what:
 * - no live subscription → `new`, the full price;
 * - a trial, or a period that ended unpaid → `upgrade` with no credit (nothing paid is left);
 *   the same plan while past due → `renew`;
 * - an active paid plan → a higher one is an `upgrade` now, the unused share of this
 *   period credited (`prorate`); the same or a lower plan is refused (a lower plan is
 *   scheduled for the period's end instead).
 */
async function quoteIn(tx: TTx, subject: TSubject, plan: TPlan, now: Date): Promise<TQuote & { subscriptionId: string | null }> {
  const base = { planCode: plan.code, currency: currency(), priceMinor: plan.priceMinor }
  const live = await liveSubscription(tx, subject)
  if (!live) return { ...base, kind: 'new', creditMinor: 0, amountMinor: plan.priceMinor, subscriptionId: null }
  if (live.status === 'past_due' && live.planCode === plan.code) {
    return { ...base, kind: 'renew', creditMinor: 0, amountMinor: plan.priceMinor, subscriptionId: live.id }
  }
  if (live.trial || live.status === 'past_due') {
    return { ...base, kind: 'upgrade', creditMinor: 0, amountMinor: plan.priceMinor, subscriptionId: live.id }
  }
  const current = planOf(region(), live.planCode)
  if (live.planCode === plan.code) throw subscriptionConflict('already_subscribed', 'You already have this plan.')
  if (current && plan.rank < current.rank) {
    throw subscriptionConflict('downgrade_at_period_end', 'A lower plan starts when your current period ends: choose it as your next plan.')
  }
  const p = prorate({ paidMinor: live.priceMinor, periodStart: live.currentPeriodStart, periodEnd: live.currentPeriodEnd, now, newPriceMinor: plan.priceMinor })
  return { ...base, kind: 'upgrade', creditMinor: p.creditMinor, amountMinor: p.amountMinor, subscriptionId: live.id }
}

/** The price of buying a plan now, for the checkout page (nothing is written). */
export async function quotePlan(subject: TSubject, planCode: string, now = new Date()): Promise<TQuote> {
  const plan = requirePlan(planCode)
  return useDb().$transaction(async (tx) => {
    const { subscriptionId: _s, ...q } = await quoteIn(tx, subject, plan, now)
    return q
  })
}

export interface TCheckoutLine {
  /** The order line's ref: the checkout, applied once when OrderPaid names it. */
  ref: string
  title: string
  amountMinor: number
  currency: string
}

/**
 * Prices a subscription line for billing's order, in billing's transaction: the quote is
 * frozen in a checkout row that the order's OrderPaid applies. Billing calls this; the
 * browser never prices a plan.
 */
export async function prepareCheckout(tx: TTx, userId: string, planCode: string, opts: { locale?: string; now?: Date; workspaceId?: string | null } = {}): Promise<TCheckoutLine> {
  const now = opts.now ?? new Date()
  const plan = requirePlan(planCode)
  // A company's purchase (the caller authorised the buyer as its admin) is the workspace's plan.
  const subject = opts.workspaceId ? workspaceSubject(opts.workspaceId) : userSubject(userId)
  await lockSubject(tx, subject)
  const q = await quoteIn(tx, subject, plan, now)
  const row = await tx.subscriptionCheckout.create({
    data: {
      userId,
      subjectKind: subject.kind,
      subjectId: subject.id,
      kind: q.kind,
      planCode: plan.code,
      subscriptionId: q.subscriptionId,
      currency: q.currency,
      priceMinor: q.priceMinor,
      creditMinor: q.creditMinor,
      amountMinor: q.amountMinor,
      locale: anyLocale(opts.locale),
    },
  })
  return { ref: row.id, title: lineTitle(plan, q.kind, opts.locale), amountMinor: q.amountMinor, currency: q.currency }
}

const TITLES = {
  ru: { tier: { start: 'Старт', pro: 'Про', business: 'Бизнес' }, month: '1 месяц', year: '1 год', new: 'тариф', upgrade: 'переход на тариф', renew: 'продление тарифа' },
  kk: { tier: { start: 'Бастапқы', pro: 'Про', business: 'Кәсіпорын' }, month: '1 ай', year: '1 жыл', new: 'тариф', upgrade: 'тарифке ауысу', renew: 'тарифті ұзарту' },
  en: { tier: { start: 'Start', pro: 'Pro', business: 'Business' }, month: '1 month', year: '1 year', new: 'plan', upgrade: 'upgrade to plan', renew: 'plan renewal' },
} as const

/** The order line's title in the buyer's language ("Dogovor24: продление тарифа «Про», 1 год"). */
export function lineTitle(plan: TPlan, kind: TQuote['kind'], locale = 'ru'): string {
  const w = TITLES[anyLocale(locale)]
  const open = locale === 'en' ? '“' : '«'
  const close = locale === 'en' ? '”' : '»'
  return `Dogovor24: ${w[kind]} ${open}${w.tier[plan.tier]}${close}, ${w[plan.period]}`
}

/**
 * A paid order's subscription line takes effect, in the OrderPaid listener's transaction.
 * Once per checkout (`applied_at`); a checkout that is not the payer's is ignored.
 * - `new` starts a period now;
 * - `upgrade` moves the live subscription onto the plan with a fresh period from now
 *   (what was left of the old one was credited in the price);
 * - `renew` adds a period after the one that ended (the person keeps the days they paid
 *   for even when paying during the grace period); a subscription that expired meanwhile
 *   starts again from now.
 */
export async function applyCheckout(tx: TTx, checkoutId: string, userId: string, now = new Date()): Promise<'applied' | 'already' | 'ignored'> {
  const c = await tx.subscriptionCheckout.findUnique({ where: { id: checkoutId } })
  if (!c || c.userId !== userId) {
    log.warn('a paid subscription line names no checkout of its payer', { checkoutId, userId })
    return 'ignored'
  }
  if (c.appliedAt) return 'already'
  const subject = { kind: c.subjectKind as TSubject['kind'], id: c.subjectId }
  await lockSubject(tx, subject)
  const again = await tx.subscriptionCheckout.updateMany({ where: { id: c.id, appliedAt: null }, data: { appliedAt: now } })
  if (again.count === 0) return 'already'
  const plan = planOf(region(), c.planCode)
  if (!plan) {
    log.error('a paid checkout names a plan this site no longer sells', { checkoutId, plan: c.planCode })
    return 'ignored'
  }
  const live = await liveSubscription(tx, subject)
  const target = c.subscriptionId && live?.id !== c.subscriptionId ? await tx.subscription.findUnique({ where: { id: c.subscriptionId } }) : live

  if (c.kind === 'renew' && target && (!live || live.id === target.id)) {
    const ended = target.status === 'expired' || target.status === 'canceled'
    const start = ended ? now : target.currentPeriodEnd
    const sub = await tx.subscription.update({
      where: { id: target.id },
      data: {
        ...planFields(plan),
        status: 'active',
        trial: false,
        currentPeriodStart: start,
        currentPeriodEnd: periodEnd(start, plan),
        graceUntil: null,
        endedAt: null,
        nextPlanCode: null,
        cancelAtPeriodEnd: false,
        locale: c.locale,
      },
    })
    await recordEvent(tx, sub.id, ended ? 'restarted' : 'renewed', { plan: plan.code, checkoutId: c.id, until: sub.currentPeriodEnd.toISOString() }, now)
    await settledOn(tx, c.id, sub.id)
    await provided(tx, sub)
    return 'applied'
  }

  if (live) {
    // An upgrade, a paid plan replacing a trial, or a renewal paid after another plan took over.
    const sub = await tx.subscription.update({
      where: { id: live.id },
      data: {
        ...planFields(plan),
        status: 'active',
        trial: false,
        currentPeriodStart: now,
        currentPeriodEnd: periodEnd(now, plan),
        graceUntil: null,
        nextPlanCode: null,
        cancelAtPeriodEnd: false,
        locale: c.locale,
      },
    })
    await recordEvent(tx, sub.id, 'upgraded', { from: live.planCode, plan: plan.code, checkoutId: c.id, creditMinor: c.creditMinor }, now)
    await settledOn(tx, c.id, sub.id)
    await provided(tx, sub)
    return 'applied'
  }

  const sub = await tx.subscription.create({
    data: {
      subjectKind: subject.kind,
      subjectId: subject.id,
      userId: c.userId,
      ...planFields(plan),
      status: 'active',
      currentPeriodStart: now,
      currentPeriodEnd: periodEnd(now, plan),
      locale: c.locale,
    },
  })
  await recordEvent(tx, sub.id, 'started', { plan: plan.code, checkoutId: c.id }, now)
  await settledOn(tx, c.id, sub.id)
  await provided(tx, sub)
  return 'applied'
}

/** Which subscription a checkout ended up on (a refund takes that period back). */
async function settledOn(tx: TTx, checkoutId: string, subscriptionId: string): Promise<void> {
  await tx.subscriptionCheckout.update({ where: { id: checkoutId }, data: { subscriptionId } })
}

/**
 * A refunded order's plan is taken back: the subscription the checkout started, upgraded or
 * renewed ends now, unless a later checkout has paid for it since (a refund of an earlier
 * period must not end a period paid again): then it is only written to its history.
 */
export async function revokeCheckout(tx: TTx, checkoutId: string, userId: string, now = new Date()): Promise<'ended' | 'kept' | 'ignored'> {
  const c = await tx.subscriptionCheckout.findUnique({ where: { id: checkoutId } })
  if (!c || c.userId !== userId || !c.appliedAt || !c.subscriptionId) return 'ignored'
  await lockSubject(tx, { kind: c.subjectKind as TSubject['kind'], id: c.subjectId })
  const sub = await tx.subscription.findUnique({ where: { id: c.subscriptionId } })
  if (!sub) return 'ignored'
  const later = await tx.subscriptionCheckout.findFirst({ where: { subscriptionId: sub.id, appliedAt: { gt: c.appliedAt } }, select: { id: true } })
  const live = sub.status === 'trialing' || sub.status === 'active' || sub.status === 'past_due'
  if (later || !live) {
    await recordEvent(tx, sub.id, 'refunded', { checkoutId: c.id, ended: false }, now)
    return 'kept'
  }
  await tx.subscription.update({ where: { id: sub.id }, data: { status: 'expired', endedAt: now, graceUntil: null, cancelAtPeriodEnd: false } })
  await recordEvent(tx, sub.id, 'refunded', { checkoutId: c.id, ended: true }, now)
  return 'ended'
}

/**
 * Refuses (409 `plan_changed`) to take money for plan checkouts that the subject's plan has
 * moved past since they were priced: another checkout of the same holder was applied after
 * this one was made (an upgrade bought while a renewal waited, a second tab's order), or
 * the subscription a renewal was for is running again. Paying such an order would apply a
 * stale price or plan over the current one (a waiting Start renewal paid after an upgrade
 * to Business would take the holder back to Start). Billing asks before any payment starts.
 * The guard is a check, not a lock: an order whose payment had already started when the
 * plan moved is still applied as the checkout says.
 */
export async function assertCheckoutsCurrent(tx: TTx, checkoutIds: string[], now = new Date()): Promise<void> {
  for (const id of checkoutIds) {
    const c = await tx.subscriptionCheckout.findUnique({ where: { id } })
    if (!c || c.appliedAt) continue
    const later = await tx.subscriptionCheckout.findFirst({
      where: { subjectKind: c.subjectKind, subjectId: c.subjectId, appliedAt: { gt: c.createdAt }, NOT: { id: c.id } },
      select: { id: true },
    })
    const target = c.kind === 'renew' && c.subscriptionId ? await tx.subscription.findUnique({ where: { id: c.subscriptionId }, select: { status: true } }) : null
    if (later || (target && (target.status === 'active' || target.status === 'trialing'))) {
      throw subscriptionConflict('plan_changed', 'Your plan has changed since this order was made, so it is no longer needed. Choose a plan again on the pricing page.')
    }
    // An upgrade's credit is the unused share of the current period when it was priced: a day
    // later that share is smaller, so an old upgrade order is priced again instead of paid.
    if (c.kind === 'upgrade' && c.creditMinor > 0 && now.getTime() - c.createdAt.getTime() > UPGRADE_QUOTE_TTL_MS) {
      throw subscriptionConflict('quote_expired', 'The price of this upgrade was worked out more than a day ago and has changed since. Choose the plan again on the pricing page.')
    }
  }
}
