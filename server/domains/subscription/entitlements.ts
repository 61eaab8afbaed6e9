import type { TTx } from '../../lib/db'
import { useDb } from '../../lib/db'
import type { TCountedKey, TEntitlements } from '../../../shared/subscription'
import { answeringPlan, entitlementsOf, type TSubject } from './subscriptions'

export type TCanAnswer =
  | { ok: true; limit: number | null; used: number }
  | { ok: false; reason: 'not_in_plan' | 'limit_reached'; limit: number | null; used: number }

type TFlagKey = 'constructor.access'

/**
 * The one question other domains ask: may this person (or workspace) do `key` now? A flag
 * (constructor access) is what the live plan says; a counted key compares this period's
 * use with the plan's limit (null = unlimited). Without a live plan, the free entitlements.
 * A person without a plan of their own is answered from the plan of a company workspace
 * where they hold a seat (answeringPlan), and their use counts against it.
 */
export async function can(asked: TSubject, key: TCountedKey | TFlagKey, amount = 1): Promise<TCanAnswer> {
  const db = useDb()
  const sub = await answeringPlan(db, asked)
  const e: TEntitlements = entitlementsOf(sub)
  if (key === 'constructor.access') return e[key] ? { ok: true, limit: null, used: 0 } : { ok: false, reason: 'not_in_plan', limit: 0, used: 0 }
  const limit = e[key]
  if (!sub) return limit === 0 ? { ok: false, reason: 'not_in_plan', limit, used: 0 } : { ok: true, limit, used: 0 }
  const agg = await db.subscriptionUsage.aggregate({ where: { subscriptionId: sub.id, periodStart: sub.currentPeriodStart, key }, _sum: { amount: true } })
  const used = agg._sum.amount ?? 0
  if (limit === 0) return { ok: false, reason: 'not_in_plan', limit, used }
  if (limit !== null && used + amount > limit) return { ok: false, reason: 'limit_reached', limit, used }
  return { ok: true, limit, used }
}

/**
 * Uses `amount` of a counted entitlement, in the caller's transaction (so the use and what
 * it paid for commit together). The subscription row is locked, so concurrent uses never
 * pass the limit. A `ref` counts once per period: downloading one document twice is one use.
 */
export async function consume(tx: TTx, asked: TSubject, key: TCountedKey, opts: { ref?: string; amount?: number } = {}): Promise<TCanAnswer> {
  const amount = opts.amount ?? 1
  const found = await answeringPlan(tx, asked)
  if (!found) return { ok: false, reason: 'not_in_plan', limit: 0, used: 0 }
  await tx.$queryRaw`SELECT id FROM subscriptions WHERE id = ${found.id}::uuid FOR UPDATE`
  const sub = await tx.subscription.findUnique({ where: { id: found.id } })
  if (!sub || sub.currentPeriodStart.getTime() !== found.currentPeriodStart.getTime() || sub.status !== found.status) {
    return consume(tx, asked, key, opts) // it renewed or ended while we waited: read it again
  }
  const limit = entitlementsOf(sub)[key]
  const agg = await tx.subscriptionUsage.aggregate({ where: { subscriptionId: sub.id, periodStart: sub.currentPeriodStart, key }, _sum: { amount: true } })
  const used = agg._sum.amount ?? 0
  if (opts.ref) {
    const seen = await tx.subscriptionUsage.findFirst({ where: { subscriptionId: sub.id, periodStart: sub.currentPeriodStart, key, ref: opts.ref } })
    if (seen) return { ok: true, limit, used }
  }
  if (limit === 0) return { ok: false, reason: 'not_in_plan', limit, used }
  if (limit !== null && used + amount > limit) return { ok: false, reason: 'limit_reached', limit, used }
  await tx.subscriptionUsage.create({ data: { subscriptionId: sub.id, periodStart: sub.currentPeriodStart, key, ref: opts.ref ?? null, amount } })
  return { ok: true, limit, used: used + amount }
}
