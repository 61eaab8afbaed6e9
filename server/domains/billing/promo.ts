import type { Order, PromoCode } from '../../generated/prisma/client'
import type { TTx } from '../../lib/db'
import { useDb } from '../../lib/db'
import { AppError } from '../../lib/errors'
import type { TCreatePromoInput, TOrderView, TPromoView } from '../../../shared/billing'
import { billingConflict, invalidOrder } from './errors'
import { assertOrderAccess, assertPayable, getOrder, lockOrder, regionCurrency } from './orders'

/** What a code may take money off: never a top-up (a discount there would mint balance). */
const DISCOUNTED_KINDS = new Set(['document', 'subscription'])

const refuse = (code: string, message: string) => invalidOrder('code', code, message)

function toPromoView(p: PromoCode): TPromoView {
  return {
    id: p.id,
    code: p.code,
    kind: p.kind,
    percent: p.percent,
    amountMinor: p.amountMinor,
    currency: p.currency as TPromoView['currency'],
    maxRedemptions: p.maxRedemptions,
    redeemedCount: p.redeemedCount,
    validFrom: p.validFrom?.toISOString() ?? null,
    validUntil: p.validUntil?.toISOString() ?? null,
    active: p.active,
    createdAt: p.createdAt.toISOString(),
  }
}

/** The discount a code gives on what it may discount: a percentage rounded down, or a fixed amount up to that sum. */
export function discountFor(p: Pick<PromoCode, 'kind' | 'percent' | 'amountMinor'>, eligibleMinor: number): number {
  if (eligibleMinor <= 0) return 0
  if (p.kind === 'percent') return Math.floor((eligibleMinor * (p.percent ?? 0)) / 100)
  return Math.min(p.amountMinor ?? 0, eligibleMinor)
}

/** The order's total back without its code, in the caller's transaction (the code's place is released by the caller). */
async function dropDiscount(tx: TTx, order: Order, reason: string): Promise<void> {
  if (!order.promoCode) return
  const total = order.totalMinor + order.discountMinor
  await tx.order.update({ where: { id: order.id }, data: { totalMinor: total, discountMinor: 0, promoCode: null } })
  await tx.orderEvent.create({ data: { orderId: order.id, fromStatus: order.status, toStatus: order.status, reason: reason.slice(0, 500), data: { promoCode: order.promoCode } } })
}

function assertOpen(order: Order): void {
  assertPayable(order)
  if (order.status === 'pending') throw billingConflict('payment_under_way', 'A card payment for this order is under way; wait for it to finish.')
}

/**
 * Puts a promo code on an unpaid order. A code counts once per person: if it sits on
 * another of their unpaid orders it moves here; on a paid one it is used up. Its total
 * limit is counted when it is applied (reserved) and released when it comes off, under
 * the code's row lock, so racing orders never pass the limit. The order's balance part
 * shrinks if the new total is below it.
 */
export async function applyPromo(userId: string, orderId: string, code: string, now = new Date()): Promise<TOrderView> {
  const db = useDb()
  await db.$transaction(async (tx) => {
    let order = await assertOrderAccess(userId, await lockOrder(tx, orderId))
    assertOpen(order)
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM billing_promo_codes WHERE code = ${code} FOR UPDATE`
    const promo = rows[0] ? await tx.promoCode.findUnique({ where: { id: rows[0].id } }) : null
    if (!promo || !promo.active || promo.currency !== order.currency) throw refuse('promo_invalid', 'There is no such promo code.')
    if (promo.validFrom && promo.validFrom > now) throw refuse('promo_not_started', 'This promo code is not valid yet.')
    if (promo.validUntil && promo.validUntil <= now) throw refuse('promo_expired', 'This promo code has expired.')
    if (order.promoCode === promo.code) return // already on this order

    const lines = await tx.orderLine.findMany({ where: { orderId } })
    const eligible = lines.filter((l) => DISCOUNTED_KINDS.has(l.kind)).reduce((s, l) => s + l.amountMinor, 0)
    const discount = discountFor(promo, eligible)
    if (discount <= 0) throw refuse('promo_not_applicable', 'This promo code does not apply to anything in this order.')

    // Another code on this order comes off first (one code per order).
    if (order.promoCode) {
      await releaseOn(tx, order)
      order = (await tx.order.findUnique({ where: { id: orderId } }))!
    }

    const held = await tx.promoRedemption.findUnique({ where: { promoId_userId: { promoId: promo.id, userId } } })
    if (held) {
      const other = await lockOrder(tx, held.orderId)
      if (other && (other.status === 'paid' || other.status === 'refunded')) throw refuse('promo_used', 'You have already used this promo code.')
      if (other?.status === 'pending') throw billingConflict('promo_on_other_order', 'This promo code is on another order of yours that is being paid.')
      if (other) await dropDiscount(tx, other, `Promo code ${promo.code} moved to another order`)
      await tx.promoRedemption.update({ where: { id: held.id }, data: { orderId, discountMinor: discount } })
    } else {
      const taken = await tx.promoCode.updateMany({
        where: { id: promo.id, OR: [{ maxRedemptions: null }, { redeemedCount: { lt: promo.maxRedemptions ?? 0 } }] },
        data: { redeemedCount: { increment: 1 } },
      })
      if (taken.count === 0) throw refuse('promo_exhausted', 'This promo code has been used up.')
      await tx.promoRedemption.create({ data: { promoId: promo.id, userId, orderId, discountMinor: discount } })
    }
    const subtotal = order.totalMinor
    const total = subtotal - discount
    await tx.order.update({ where: { id: orderId }, data: { totalMinor: total, discountMinor: discount, promoCode: promo.code, balanceMinor: Math.min(order.balanceMinor, total) } })
    await tx.orderEvent.create({ data: { orderId, fromStatus: order.status, toStatus: order.status, reason: `Promo code ${promo.code} applied`, actorId: userId, data: { promoCode: promo.code, discountMinor: discount } } })
  })
  return getOrder(userId, orderId, db)
}

/**
 * Gives back the place the order's code holds in its limit (the redemption goes, the count
 * comes down under the code's row lock); the order's amounts are the caller's. False when
 * no code held one.
 */
export async function releaseRedemption(tx: TTx, orderId: string): Promise<boolean> {
  const r = await tx.promoRedemption.findUnique({ where: { orderId } })
  if (!r) return false
  await tx.$queryRaw`SELECT id FROM billing_promo_codes WHERE id = ${r.promoId}::uuid FOR UPDATE`
  await tx.promoRedemption.delete({ where: { id: r.id } })
  await tx.promoCode.update({ where: { id: r.promoId }, data: { redeemedCount: { decrement: 1 } } })
  return true
}

/** Takes the order's code off and gives its place back. */
async function releaseOn(tx: TTx, order: Order): Promise<void> {
  await releaseRedemption(tx, order.id)
  await dropDiscount(tx, order, `Promo code ${order.promoCode} taken off`)
}

export async function removePromo(userId: string, orderId: string): Promise<TOrderView> {
  const db = useDb()
  await db.$transaction(async (tx) => {
    const order = await assertOrderAccess(userId, await lockOrder(tx, orderId))
    assertOpen(order)
    if (order.promoCode) await releaseOn(tx, order)
  })
  return getOrder(userId, orderId, db)
}

export async function createPromo(adminId: string, input: TCreatePromoInput): Promise<TPromoView> {
  try {
    const p = await useDb().promoCode.create({
      data: {
        code: input.code,
        kind: input.kind,
        percent: input.percent ?? null,
        amountMinor: input.amountMinor ?? null,
        currency: regionCurrency(),
        maxRedemptions: input.maxRedemptions ?? null,
        validFrom: input.validFrom ? new Date(input.validFrom) : null,
        validUntil: input.validUntil ? new Date(input.validUntil) : null,
        createdBy: adminId,
      },
    })
    return toPromoView(p)
  } catch (e) {
    if ((e as { code?: string }).code === 'P2002') {
      throw new AppError('CONFLICT', 'A promo code with this name exists.', { messageKey: 'errors.billing.promo_exists', params: { reason: 'promo_exists' } })
    }
    throw e
  }
}

export async function listPromos(): Promise<{ items: TPromoView[] }> {
  const rows = await useDb().promoCode.findMany({ orderBy: { createdAt: 'desc' }, take: 200 })
  return { items: rows.map(toPromoView) }
}

export async function setPromoActive(code: string, active: boolean): Promise<TPromoView> {
  const found = await useDb().promoCode.findUnique({ where: { code } })
  if (!found) throw AppError.notFound('Promo code', { messageKey: 'errors.billing.promo_invalid' })
  return toPromoView(await useDb().promoCode.update({ where: { id: found.id }, data: { active } }))
}

/** Demo codes for a local system (the seed): 10% off, and a fixed 1,000 off; created once. */
export const DEMO_PROMO_CODES = [
  { code: 'DOGOVOR10', kind: 'percent' as const, percent: 10 },
  { code: 'MINUS1000', kind: 'fixed' as const, amountMinor: 100_000 },
]

export async function seedDemoPromoCodes(adminId: string): Promise<{ created: number; codes: string[] }> {
  let created = 0
  for (const p of DEMO_PROMO_CODES) {
    const exists = await useDb().promoCode.findUnique({ where: { code: p.code } })
    if (exists) continue
    await createPromo(adminId, p)
    created++
  }
  return { created, codes: DEMO_PROMO_CODES.map((p) => p.code) }
}
