import type { Order, OrderEvent, OrderLine, Payment, Prisma } from '../../generated/prisma/client'
import { useConfig } from '../../lib/config'
import { useDb, type TDb } from '../../lib/db'
import { findUserByContact, getUsersByIds } from '../auth'
import { REGION_TIME_ZONES } from '../../../shared/dates'
import type { TAdminOrderRow, TAdminOrdersQuery, TAdminOrderView } from '../../../shared/billing-admin'
import { orderNotFound } from './errors'
import { toOrderView } from './orders'
import { invoiceIdOf } from './epay-payments'

/**
 * The admin's view of orders: a filtered, paged list, and one order with its lines, its
 * whole history (who moved it and why) and each card payment with what the provider said.
 * Buyers are users of the auth domain: their emails come through its index.ts only.
 */

type TOrderFull = Order & { lines: OrderLine[]; events: OrderEvent[]; payments: Payment[] }

/**
 * The card payment that paid the order: the one named by the move to `paid` (a second
 * attempt paid in another tab went to the balance as a surplus and is not this order's
 * money), else the first attempt that succeeded. Null when nothing was paid by card.
 */
export function cardPaymentOf(order: Pick<TOrderFull, 'totalMinor' | 'balanceMinor' | 'events' | 'payments'>): Payment | null {
  if (order.totalMinor - order.balanceMinor <= 0) return null
  const paid = order.events.find((e) => e.toStatus === 'paid' && e.fromStatus !== 'paid')
  const data = (paid?.data ?? {}) as { transactionId?: unknown; invoiceId?: unknown }
  const succeeded = order.payments.filter((p) => p.status === 'succeeded')
  return (
    succeeded.find((p) => typeof data.transactionId === 'string' && p.transactionId === data.transactionId) ??
    succeeded.find((p) => typeof data.invoiceId === 'string' && invoiceIdOf(p) === data.invoiceId) ??
    succeeded.sort((a, b) => (a.seq < b.seq ? -1 : 1))[0] ??
    null
  )
}

/**
 * What a refund can still give back and how it splits. Refunds take the card part first,
 * then the balance part, so what is refunded so far splits the same way: card money
 * returns to the card it came from before anything is credited to the balance.
 */
export function refundableOf(order: Pick<Order, 'totalMinor' | 'balanceMinor' | 'refundedMinor' | 'status'>): { leftMinor: number; cardLeftMinor: number; balanceLeftMinor: number } {
  if (order.status !== 'paid') return { leftMinor: 0, cardLeftMinor: 0, balanceLeftMinor: 0 }
  const cardPart = order.totalMinor - order.balanceMinor
  const cardRefunded = Math.min(order.refundedMinor, cardPart)
  const balanceRefunded = order.refundedMinor - cardRefunded
  const cardLeftMinor = cardPart - cardRefunded
  const balanceLeftMinor = order.balanceMinor - balanceRefunded
  return { leftMinor: cardLeftMinor + balanceLeftMinor, cardLeftMinor, balanceLeftMinor }
}

/** The person's view of the order (its derived amounts computed in one place, toOrderView) plus whose it is. */
function toRow(o: Order, emails: Map<string, string | null>): TAdminOrderRow {
  const { id, workspaceId, status, currency, totalMinor, balanceMinor, cardMinor, refundedMinor, createdAt, paidAt } = toOrderView({ ...o, lines: [] })
  return { id, workspaceId, userId: o.userId, userEmail: emails.get(o.userId) ?? null, status, currency, totalMinor, balanceMinor, cardMinor, refundedMinor, createdAt, paidAt }
}

async function emailsOf(userIds: string[]): Promise<Map<string, string | null>> {
  const users = await getUsersByIds(userIds)
  return new Map(users.map((u) => [u.id, u.email ?? null]))
}

/** The instant a calendar day (YYYY-MM-DD) starts in a time zone. */
export function startOfDayIn(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const asUtc = Date.UTC(y, m - 1, d)
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
  // The zone's offset at an instant: its wall clock read as UTC, minus the instant.
  const offset = (t: number) => {
    const p: Record<string, number> = {}
    for (const part of f.formatToParts(new Date(t))) if (part.type !== 'literal') p[part.type] = Number(part.value)
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!) - t
  }
  // Twice: the offset at the first guess may differ from the offset at the answer (a DST change that day).
  const first = asUtc - offset(asUtc)
  return new Date(asUtc - offset(first))
}

function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)
}

/** Orders for the admin, newest first: by status, buyer (email or id) and creation day (the region's time zone). */
export async function listAdminOrders(q: TAdminOrdersQuery): Promise<{ items: TAdminOrderRow[]; total: number; page: number; pageSize: number }> {
  const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize }
  let userId = q.userId
  if (q.email) {
    const user = await findUserByContact({ email: q.email })
    if (!user || (userId && user.id !== userId)) return empty
    userId = user.id
  }
  const tz = REGION_TIME_ZONES[useConfig().REGION]
  const createdAt: Prisma.DateTimeFilter = {}
  if (q.from) createdAt.gte = startOfDayIn(q.from, tz)
  if (q.to) createdAt.lt = startOfDayIn(nextDay(q.to), tz)
  const where: Prisma.OrderWhereInput = {
    ...(q.status ? { status: q.status } : {}),
    ...(userId ? { userId } : {}),
    ...(q.from || q.to ? { createdAt } : {}),
  }
  const db = useDb()
  const [rows, total] = await Promise.all([
    db.order.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    db.order.count({ where }),
  ])
  const emails = await emailsOf([...new Set(rows.map((r) => r.userId))])
  return { items: rows.map((r) => toRow(r, emails)), total, page: q.page, pageSize: q.pageSize }
}

function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}

/** One order for the admin: lines, history with actors and data, payments with their provider log, what is left to refund. */
export async function getAdminOrder(orderId: string, db: TDb = useDb()): Promise<TAdminOrderView> {
  const o = await db.order.findUnique({
    where: { id: orderId },
    include: { lines: true, events: { orderBy: { id: 'asc' } }, payments: { orderBy: { seq: 'asc' } } },
  })
  if (!o) throw orderNotFound()
  const emails = await emailsOf([o.userId])
  return {
    ...toRow(o, emails),
    statusReason: o.statusReason,
    lines: o.lines.map((l) => ({ kind: l.kind, ref: l.ref, title: l.title, quantity: l.quantity, unitMinor: l.unitMinor, amountMinor: l.amountMinor })),
    history: o.events.map((e) => ({ from: e.fromStatus, to: e.toStatus, reason: e.reason, actorId: e.actorId, data: asRecord(e.data), at: e.at.toISOString() })),
    payments: o.payments.map((p) => ({
      id: p.id,
      invoiceId: invoiceIdOf(p),
      provider: p.provider,
      status: p.status,
      amountMinor: p.amountMinor,
      currency: p.currency,
      transactionId: p.transactionId,
      cardMask: p.cardMask,
      reason: p.reason,
      createdAt: p.createdAt.toISOString(),
      log: Array.isArray(p.log) ? p.log.map(asRecord) : [],
    })),
    refundable: refundableOf(o),
  }
}
