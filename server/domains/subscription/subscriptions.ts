import type { Prisma, Subscription, SubscriptionEvent } from '../../generated/prisma/client'
import { useConfig } from '../../lib/config'
import type { TDb, TTx } from '../../lib/db'
import { useDb } from '../../lib/db'
import { publish } from '../../events'
import {
  COUNTED_KEYS,
  FREE_ENTITLEMENTS,
  GRACE_DAYS,
  plansFor,
  LIVE_STATUSES,
  planOf,
  ZEntitlementsSchema,
  type TCurrentSubscription,
  type TEntitlements,
  type TPlan,
  type TPlanList,
  type TPlanPeriod,
  type TSubscriptionView,
} from '../../../shared/subscription'
import type { TCurrency } from '../../../shared/billing'
import { addPeriod } from './periods'
import { anyLocale } from '../../../shared/locales'
import { companyAdminRequired, noSubscription, subscriptionConflict, unknownPlan } from './errors'
import { mayBuyForCompany, seatsOf } from '../workspace'

/** Whose entitlements: a person's own, or a workspace's. */
export interface TSubject {
  kind: 'user' | 'workspace'
  id: string
}

export const userSubject = (userId: string): TSubject => ({ kind: 'user', id: userId })
export const workspaceSubject = (workspaceId: string): TSubject => ({ kind: 'workspace', id: workspaceId })

/** Whose plan a change is for: the person's own, or a company workspace's when they are its owner or admin (else 403). */
export async function buyerSubject(userId: string, workspaceId?: string | null): Promise<TSubject> {
  if (!workspaceId) return userSubject(userId)
  if (!(await mayBuyForCompany(userId, workspaceId))) throw companyAdminRequired()
  return workspaceSubject(workspaceId)
}

export function region(): 'kz' | 'ru' {
  return useConfig().REGION
}

export function currency(): TCurrency {
  return region() === 'kz' ? 'KZT' : 'RUB'
}

export function requirePlan(code: string): TPlan {
  const plan = planOf(region(), code)
  if (!plan) throw unknownPlan()
  return plan
}

/** One change of a subject's subscription at a time (trial, checkout, renewal, cancel). */
export async function lockSubject(tx: TTx, s: TSubject): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`subscription:${s.kind}:${s.id}`}))`
}

export function liveSubscription(db: TDb | TTx, s: TSubject): Promise<Subscription | null> {
  return db.subscription.findFirst({
    where: { subjectKind: s.kind, subjectId: s.id, status: { in: [...LIVE_STATUSES] } },
    orderBy: { createdAt: 'desc' },
  })
}

export function entitlementsOf(sub: Subscription | null): TEntitlements {
  if (!sub) return FREE_ENTITLEMENTS
  const parsed = ZEntitlementsSchema.safeParse(sub.entitlements)
  return parsed.success ? parsed.data : FREE_ENTITLEMENTS
}

export function toView(s: Subscription): TSubscriptionView {
  return {
    id: s.id,
    planCode: s.planCode,
    tier: planOf(s.region as 'kz' | 'ru', s.planCode)?.tier ?? 'start',
    status: s.status,
    trial: s.trial,
    currency: s.currency as TCurrency,
    priceMinor: s.priceMinor,
    period: s.period,
    currentPeriodStart: s.currentPeriodStart.toISOString(),
    currentPeriodEnd: s.currentPeriodEnd.toISOString(),
    graceUntil: s.graceUntil?.toISOString() ?? null,
    cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    nextPlanCode: s.nextPlanCode,
    endedAt: s.endedAt?.toISOString() ?? null,
  }
}

export async function recordEvent(tx: TTx, subscriptionId: string, kind: string, data: Prisma.InputJsonValue = {}, at = new Date()): Promise<void> {
  await tx.subscriptionEvent.create({ data: { subscriptionId, kind, data, at } })
}


/** Tells the person (notification) that a plan is theirs until `until`. */
export async function provided(tx: TTx, sub: Pick<Subscription, 'id' | 'userId' | 'planCode' | 'currentPeriodEnd'>): Promise<void> {
  await publish(tx, 'SubscriptionProvide', { subscriptionId: sub.id, userId: sub.userId, plan: sub.planCode, until: sub.currentPeriodEnd.toISOString() })
}

/** The plan's fields a subscription freezes when a period starts on it. */
export function planFields(plan: TPlan): Pick<Prisma.SubscriptionUncheckedCreateInput, 'planCode' | 'region' | 'currency' | 'priceMinor' | 'period' | 'entitlements'> {
  return { planCode: plan.code, region: region(), currency: currency(), priceMinor: plan.priceMinor, period: plan.period, entitlements: plan.entitlements }
}

/**
 * A free trial of a plan, once per person whatever the plan, and only without a live
 * subscription. The trial row's primary key (the user id) makes a second trial impossible
 * even when two requests race past the checks.
 */
export async function startTrial(userId: string, planCode: string, now = new Date(), locale = 'ru'): Promise<TSubscriptionView> {
  const plan = requirePlan(planCode)
  if (plan.trialDays <= 0) throw subscriptionConflict('no_trial', 'This plan has no free trial.')
  const subject = userSubject(userId)
  return useDb().$transaction(async (tx) => {
    await lockSubject(tx, subject)
    if (await tx.subscriptionTrial.findUnique({ where: { userId } })) throw subscriptionConflict('trial_used', 'You have already had your free trial.')
    if (await liveSubscription(tx, subject)) throw subscriptionConflict('already_subscribed', 'You already have a plan.')
    const sub = await tx.subscription.create({
      data: {
        subjectKind: subject.kind,
        subjectId: subject.id,
        userId,
        ...planFields(plan),
        status: 'trialing',
        trial: true,
        locale: anyLocale(locale),
        currentPeriodStart: now,
        currentPeriodEnd: new Date(now.getTime() + plan.trialDays * 24 * 3600 * 1000),
      },
    })
    await tx.subscriptionTrial.create({ data: { userId, planCode: plan.code, subscriptionId: sub.id, startedAt: now } })
    await recordEvent(tx, sub.id, 'trial_started', { plan: plan.code, days: plan.trialDays }, now)
    await provided(tx, sub)
    return toView(sub)
  })
}

/** Stops the subscription at its period's end; one already past due ends now (nothing more to wait for). */
export async function cancelSubscription(subject: TSubject, now = new Date()): Promise<TSubscriptionView> {
  return useDb().$transaction(async (tx) => {
    await lockSubject(tx, subject)
    const sub = await liveSubscription(tx, subject)
    if (!sub) throw noSubscription()
    const updated =
      sub.status === 'past_due'
        ? await tx.subscription.update({ where: { id: sub.id }, data: { status: 'canceled', endedAt: now, graceUntil: null } })
        : await tx.subscription.update({ where: { id: sub.id }, data: { cancelAtPeriodEnd: true } })
    await recordEvent(tx, sub.id, sub.status === 'past_due' ? 'ended_canceled' : 'cancel_requested', {}, now)
    return toView(updated)
  })
}

/** Takes back a cancellation before the period ends. */
export async function resumeSubscription(subject: TSubject, now = new Date()): Promise<TSubscriptionView> {
  return useDb().$transaction(async (tx) => {
    await lockSubject(tx, subject)
    const sub = await liveSubscription(tx, subject)
    if (!sub || sub.status === 'past_due') throw noSubscription()
    const updated = await tx.subscription.update({ where: { id: sub.id }, data: { cancelAtPeriodEnd: false } })
    if (sub.cancelAtPeriodEnd) await recordEvent(tx, sub.id, 'cancel_withdrawn', {}, now)
    return toView(updated)
  })
}

/**
 * Moving to a cheaper plan (or back to the current one) takes effect when the period
 * ends, at the next renewal; nothing is charged or refunded now. A dearer plan is bought
 * through a checkout (upgrade now, prorated).
 */
export async function schedulePlanChange(subject: TSubject, planCode: string, now = new Date()): Promise<TSubscriptionView> {
  const plan = requirePlan(planCode)
  return useDb().$transaction(async (tx) => {
    await lockSubject(tx, subject)
    const sub = await liveSubscription(tx, subject)
    if (!sub) throw noSubscription()
    if (sub.trial) throw subscriptionConflict('trial_change', 'A trial ends on its own; choose a plan to buy instead.')
    const current = planOf(region(), sub.planCode)
    if (plan.code !== sub.planCode && current && plan.rank > current.rank) {
      throw subscriptionConflict('upgrade_needs_payment', 'A higher plan starts now and is paid now: buy it from the pricing page.')
    }
    const next = plan.code === sub.planCode ? null : plan.code
    const updated = await tx.subscription.update({ where: { id: sub.id }, data: { nextPlanCode: next, cancelAtPeriodEnd: false } })
    await recordEvent(tx, sub.id, next ? 'downgrade_scheduled' : 'downgrade_withdrawn', { plan: next }, now)
    return toView(updated)
  })
}

/** How much of each counted entitlement the subscription's current period used. */
export async function usageOf(db: TDb | TTx, sub: Subscription | null): Promise<Map<string, number>> {
  const used = new Map<string, number>()
  if (!sub) return used
  const rows = await db.subscriptionUsage.groupBy({
    by: ['key'],
    where: { subscriptionId: sub.id, periodStart: sub.currentPeriodStart },
    _sum: { amount: true },
  })
  for (const r of rows) used.set(r.key, r._sum.amount ?? 0)
  return used
}

/**
 * The subject's plan (the live one, else the last), its use this period and history. For a
 * person without a plan of their own, `coveredBy` names the company workspace whose plan
 * gives them a seat (what `can` then answers from); a workspace has no free trial.
 */
export async function getCurrent(userId: string, subject: TSubject = userSubject(userId)): Promise<TCurrentSubscription> {
  const db = useDb()
  const [sub, trial] = await Promise.all([liveSubscription(db, subject), subject.kind === 'user' ? db.subscriptionTrial.findUnique({ where: { userId } }) : null])
  const last = sub ?? (await db.subscription.findFirst({ where: { subjectKind: subject.kind, subjectId: subject.id }, orderBy: { createdAt: 'desc' } }))
  const seat = subject.kind === 'user' && !sub ? await seatedSubscription(db, userId) : null
  const entitlements = entitlementsOf(sub)
  const used = await usageOf(db, sub)
  const events: SubscriptionEvent[] = last ? await db.subscriptionEvent.findMany({ where: { subscriptionId: last.id }, orderBy: { id: 'desc' }, take: 20 }) : []
  return {
    subscription: last ? toView(last) : null,
    entitlements,
    usage: COUNTED_KEYS.map((key) => ({ key, used: used.get(key) ?? 0, limit: entitlements[key] })),
    trialAvailable: subject.kind === 'user' && !trial && !sub,
    coveredBy: seat ? { workspaceId: seat.subjectId, planCode: seat.planCode, tier: toView(seat).tier } : null,
    history: events.map((e) => ({ kind: e.kind, at: e.at.toISOString(), data: (e.data ?? {}) as Record<string, unknown> })),
  }
}

/**
 * The live plan of a company workspace in which the person holds a seat: members take the
 * plan's `workspace.seats` in the order they joined (the owner first), so the first N are
 * covered and a member beyond them is not. Of several such workspaces, the highest plan.
 */
export async function seatedSubscription(db: TDb | TTx, userId: string): Promise<Subscription | null> {
  const seats = await seatsOf(userId)
  if (seats.length === 0) return null
  const subs = await db.subscription.findMany({
    where: { subjectKind: 'workspace', subjectId: { in: seats.map((s) => s.workspaceId) }, status: { in: [...LIVE_STATUSES] } },
  })
  const covered = subs.filter((sub) => {
    const rank = seats.find((s) => s.workspaceId === sub.subjectId)?.rank ?? Infinity
    return rank <= entitlementsOf(sub)['workspace.seats']
  })
  covered.sort((a, b) => (planOf(region(), b.planCode)?.rank ?? 0) - (planOf(region(), a.planCode)?.rank ?? 0))
  return covered[0] ?? null
}

/**
 * The live plan that answers for a subject: a workspace's own; for a person, their own,
 * else a seat in a company workspace's plan, else none (the free entitlements).
 */
export async function answeringPlan(db: TDb | TTx, subject: TSubject): Promise<Subscription | null> {
  const own = await liveSubscription(db, subject)
  if (own || subject.kind !== 'user') return own
  return seatedSubscription(db, subject.id)
}

/** A period's end after `start` on the subscription's (or the new plan's) period. */
export function periodEnd(start: Date, plan: Pick<TPlan, 'period'>): Date {
  return addPeriod(start, plan.period)
}

export function listPlans(period?: TPlanPeriod): TPlanList {
  return {
    currency: currency(),
    graceDays: GRACE_DAYS,
    plans: plansFor(region()).filter((p) => !period || p.period === period).map((p) => ({ code: p.code, tier: p.tier, rank: p.rank, period: p.period, priceMinor: p.priceMinor, trialDays: p.trialDays, entitlements: p.entitlements })),
  }
}
