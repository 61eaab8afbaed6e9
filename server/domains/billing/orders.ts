import type { Order, OrderEvent, OrderLine, OrderStatus, Prisma } from '../../generated/prisma/client'
import { useConfig } from '../../lib/config'
import type { TDb, TTx } from '../../lib/db'
import { useDb } from '../../lib/db'
import { fillingPurchase } from '../document'
import { assertCheckoutsCurrent, prepareCheckout } from '../subscription'
import { mayBuyForCompany } from '../workspace'
import {
  MAX_ORDER_MINOR,
  REGION_CURRENCY,
  type TCreateOrderInput,
  type TCurrency,
  type TOrderStatus,
  type TOrderView,
} from '../../../shared/billing'
import { balanceOf, payerAccount } from './ledger'
import { billingConflict, companyBuyerForbidden, invalidOrder, orderNotFound } from './errors'

export type TOrderRow = Order & { lines: OrderLine[]; events?: OrderEvent[] }

export function regionCurrency(): TCurrency {
  return REGION_CURRENCY[useConfig().REGION]
}

export function toOrderView(o: TOrderRow, invoiceNumber: bigint | null = null): TOrderView {
  return {
    id: o.id,
    workspaceId: o.workspaceId,
    status: o.status,
    statusReason: o.statusReason,
    currency: o.currency as TCurrency,
    subtotalMinor: o.totalMinor + o.discountMinor,
    discountMinor: o.discountMinor,
    promoCode: o.promoCode,
    totalMinor: o.totalMinor,
    balanceMinor: o.balanceMinor,
    cardMinor: o.totalMinor - o.balanceMinor,
    refundedMinor: o.refundedMinor,
    createdAt: o.createdAt.toISOString(),
    paidAt: o.paidAt?.toISOString() ?? null,
    lines: o.lines.map((l) => ({ kind: l.kind, ref: l.ref, title: l.title, quantity: l.quantity, unitMinor: l.unitMinor, amountMinor: l.amountMinor })),
    history: (o.events ?? []).map((e) => ({ from: e.fromStatus, to: e.toStatus, reason: e.reason, at: e.at.toISOString() })),
    invoiceNumber: invoiceNumber === null ? null : String(invoiceNumber),
  }
}

/**
 * Which moves an order may make. `paid` is final except for refunds: a late failure
 * callback or a stale status answer can never take a paid order back (out-of-order
 * callbacks are normal with card providers).
 */
const ALLOWED: Record<TOrderStatus, readonly TOrderStatus[]> = {
  created: ['pending', 'paid', 'expired', 'failed'],
  pending: ['paid', 'failed', 'expired', 'pending'],
  failed: ['pending', 'paid', 'expired'],
  expired: [],
  paid: ['refunded'],
  refunded: [],
}

export function canMove(from: TOrderStatus, to: TOrderStatus): boolean {
  return ALLOWED[from].includes(to)
}

/**
 * Moves the order (already locked by the caller with `lockOrder`) and writes the move
 * to its history, in the caller's transaction. Returns false (and writes nothing) when
 * the move is not allowed from where the order is now.
 */
export async function moveOrder(
  tx: TTx,
  order: Order,
  to: OrderStatus,
  reason: string,
  extra: { actorId?: string; data?: Prisma.InputJsonValue; patch?: Prisma.OrderUpdateInput } = {},
): Promise<boolean> {
  if (!canMove(order.status, to)) return false
  await tx.order.update({ where: { id: order.id }, data: { status: to, statusReason: to === 'paid' ? null : reason.slice(0, 500), ...extra.patch } })
  await tx.orderEvent.create({
    data: { orderId: order.id, fromStatus: order.status, toStatus: to, reason: reason.slice(0, 500), actorId: extra.actorId ?? null, data: extra.data ?? {} },
  })
  return true
}

/** The order's row, locked until the transaction ends: callbacks for one order run one at a time. */
export async function lockOrder(tx: TTx, orderId: string): Promise<Order | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM billing_orders WHERE id = ${orderId}::uuid FOR UPDATE`
  if (!rows[0]) return null
  return tx.order.findUnique({ where: { id: orderId } })
}

/**
 * Only an owner or admin of a company workspace places its orders and sees its balance and
 * orders (403 otherwise); an existing order's steps ask assertOrderAccess, which checks the
 * same role again, so a buyer demoted meanwhile can no longer spend the company's balance.
 */
export async function assertBuyer(userId: string, order: { workspaceId: string | null }): Promise<void> {
  if (order.workspaceId && !(await mayBuyForCompany(userId, order.workspaceId))) throw companyBuyerForbidden()
}

/**
 * Who may see and pay an order: a person's own, its buyer; a company's, any of the company
 * workspace's owners and admins (one places it, another may pay it), and nobody else: the
 * buyer who has lost the role gets 403, anyone else 404 (ids must not reveal orders).
 */
export async function assertOrderAccess<T extends { userId: string; workspaceId: string | null }>(userId: string, order: T | null): Promise<T> {
  if (!order) throw orderNotFound()
  if (!order.workspaceId) {
    if (order.userId !== userId) throw orderNotFound()
    return order
  }
  if (await mayBuyForCompany(userId, order.workspaceId)) return order
  throw order.userId === userId ? companyBuyerForbidden() : orderNotFound()
}

/**
 * A new order for the user's lines, priced here (never by the browser): a top-up at the
 * amount asked, a document at the price frozen in its filling's template version. With
 * `workspaceId` it is the company workspace's purchase: its plan or a top-up of its balance,
 * paid from its balance; a document is a person's and is refused there.
 */
export async function createOrder(userId: string, input: TCreateOrderInput, locale = 'ru'): Promise<TOrderView> {
  const currency = regionCurrency()
  const workspaceId = input.workspaceId ?? null
  if (workspaceId && input.lines.some((l) => l.kind === 'document')) {
    throw invalidOrder('lines', 'document_not_for_company', 'A document is bought by the person who filled it, not by a company workspace.')
  }
  await assertBuyer(userId, { workspaceId })
  // Checks that need no lookup come before the price lookups.
  const hasTopup = input.lines.some((l) => l.kind === 'topup')
  if (hasTopup && input.lines.length > 1) throw invalidOrder('lines', 'topup_alone', 'A top-up is paid on its own, not together with purchases.')
  const plan = input.lines.find((l) => l.kind === 'subscription')
  if (plan && input.lines.length > 1) throw invalidOrder('lines', 'subscription_alone', 'A plan is bought on its own, not together with other purchases.')
  const useBalance = input.useBalanceMinor ?? 0
  if (useBalance > 0 && hasTopup) throw invalidOrder('useBalanceMinor', 'balance_for_topup', 'A top-up cannot be paid from the balance.')
  const lines: Prisma.OrderLineCreateWithoutOrderInput[] = []
  for (const [i, line] of input.lines.entries()) {
    if (line.kind === 'subscription') continue // priced inside the transaction below, where its checkout is written
    if (line.kind === 'topup') {
      lines.push({ kind: 'topup', ref: null, title: 'Balance top-up', quantity: 1, unitMinor: line.amountMinor, amountMinor: line.amountMinor })
      continue
    }
    const p = await fillingPurchase(userId, line.fillingId, locale)
    if (p.priceMinor <= 0) throw invalidOrder(`lines.${i}`, 'document_free', 'This document is free: there is nothing to pay for.')
    if (p.currency && p.currency !== currency) throw invalidOrder(`lines.${i}`, 'currency_mismatch', `This document is priced in ${p.currency}; this site sells in ${currency}.`)
    lines.push({ kind: 'document', ref: p.fillingId, title: p.title.slice(0, 300), quantity: 1, unitMinor: p.priceMinor, amountMinor: p.priceMinor })
  }
  const db = useDb()
  const order = await db.$transaction(async (tx) => {
    if (plan) {
      // The subscription domain prices the plan (new, upgrade with the unused days credited, renewal)
      // and writes the checkout the order's OrderPaid applies, in this transaction.
      const c = await prepareCheckout(tx, userId, plan.planCode, { locale, workspaceId })
      if (c.amountMinor <= 0) throw invalidOrder('lines.0', 'nothing_to_pay', 'There is nothing to pay for this plan change.')
      lines.push({ kind: 'subscription', ref: c.ref, title: c.title.slice(0, 300), quantity: 1, unitMinor: c.amountMinor, amountMinor: c.amountMinor })
    }
    const totalMinor = lines.reduce((s, l) => s + l.amountMinor, 0)
    if (totalMinor > MAX_ORDER_MINOR) throw invalidOrder('lines', 'total_too_large', 'The order total is too large.')
    if (useBalance > totalMinor) throw invalidOrder('useBalanceMinor', 'balance_above_total', 'You can use at most the order total from your balance.')
    if (useBalance > 0) {
      const have = await balanceOf(tx, payerAccount({ userId, workspaceId }), currency)
      if (have < useBalance) throw invalidOrder('useBalanceMinor', 'balance_insufficient', 'Your balance is lower than the amount you chose to use.')
    }
    const o = await tx.order.create({ data: { userId, workspaceId, currency, totalMinor, balanceMinor: useBalance, lines: { create: lines } }, include: { lines: true } })
    await tx.orderEvent.create({ data: { orderId: o.id, fromStatus: null, toStatus: 'created', reason: 'Order created', actorId: userId } })
    return o
  })
  return getOrder(userId, order.id, db)
}

/** The user's own order with its lines and history; anyone else's is not found. */
export async function getOrder(userId: string, orderId: string, db: TDb = useDb()): Promise<TOrderView> {
  const o = await assertOrderAccess(userId, await db.order.findUnique({ where: { id: orderId }, include: { lines: true, events: { orderBy: { id: 'asc' } } } }))
  const invoice = await db.invoice.findUnique({ where: { orderId }, select: { number: true } })
  return toOrderView(o, invoice?.number ?? null)
}

/** The person's own orders, or (with `workspaceId`, for its owners and admins) a company workspace's orders. */
export async function listOrders(userId: string, workspaceId?: string): Promise<{ items: Omit<TOrderView, 'history' | 'lines' | 'invoiceNumber'>[] }> {
  if (workspaceId) await assertBuyer(userId, { workspaceId })
  const rows = await useDb().order.findMany({ where: workspaceId ? { workspaceId } : { userId }, orderBy: { createdAt: 'desc' }, take: 100, include: { lines: true } })
  return {
    items: rows.map((o) => {
      const { history: _h, lines: _l, invoiceNumber: _i, ...rest } = toOrderView(o)
      return rest
    }),
  }
}

/** Before money is taken: the order's plan lines must still be what the holder's plan needs (subscription's assertCheckoutsCurrent). */
export async function assertLinesCurrent(tx: TTx, orderId: string): Promise<void> {
  const refs = await tx.orderLine.findMany({ where: { orderId, kind: 'subscription' }, select: { ref: true } })
  await assertCheckoutsCurrent(tx, refs.flatMap((r) => (r.ref ? [r.ref] : [])))
}

export function assertPayable(order: Order): void {
  if (order.status === 'paid' || order.status === 'refunded') throw billingConflict('order_paid', 'This order is paid already.')
  if (order.status === 'expired') throw billingConflict('order_expired', 'This order has expired; place a new one.')
}

