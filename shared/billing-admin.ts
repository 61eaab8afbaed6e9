import { z } from 'zod'
import { MAX_ORDER_MINOR, ZCurrencySchema, ZOrderEventViewSchema, ZOrderLineViewSchema, ZOrderStatusSchema, ZOrderViewSchema } from './billing'
import { parseMajorAmount } from './money'

/**
 * Billing's receipts and admin views (orders list, one order with its payments and
 * provider log, refunds), shared by routes, the domain and pages. Money is an integer
 * count of minor units with its currency, as everywhere in billing.
 */

/** Languages a receipt is printed in. */
export const RECEIPT_LANGUAGES = ['ru', 'kk', 'en'] as const
export type TReceiptLanguage = (typeof RECEIPT_LANGUAGES)[number]

export const ZReceiptQuerySchema = z.object({
  /** The receipt's language; default: the person's own language when it is one of these, else Russian. */
  lang: z.enum(RECEIPT_LANGUAGES).optional(),
})

/**
 * A file answered as it is (the route sets its Content-Type), not JSON: the contract
 * checks that the handler answers bytes, and the document describes a binary string.
 */
export const ZPdfFileSchema = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array, 'a PDF file')
  .meta({ type: 'string', format: 'binary', contentMediaType: 'application/pdf', description: 'The PDF file itself, sent as application/pdf (not JSON).' })

/** The admin's orders list: filters and a page of at most 100. */
export const ZAdminOrdersQuerySchema = z.object({
  status: ZOrderStatusSchema.optional(),
  /** The buyer's email, exactly (any case). */
  email: z.string().trim().toLowerCase().min(3).max(320).optional(),
  userId: z.uuid().optional(),
  /** First and last day of the order's creation, both included, in the region's time zone. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
})
export type TAdminOrdersQuery = z.infer<typeof ZAdminOrdersQuerySchema>

/** An order as the person sees it (its amounts, state, company workspace), plus whose it is. */
export const ZAdminOrderRowSchema = ZOrderViewSchema.pick({
  id: true,
  workspaceId: true,
  status: true,
  currency: true,
  totalMinor: true,
  balanceMinor: true,
  cardMinor: true,
  refundedMinor: true,
  createdAt: true,
  paidAt: true,
}).extend({
  userId: z.uuid(),
  /** The buyer's email (null when they signed up by phone, or the account is gone). */
  userEmail: z.string().nullable(),
})
export type TAdminOrderRow = z.infer<typeof ZAdminOrderRowSchema>

export const ZAdminOrderPageSchema = z.object({
  items: z.array(ZAdminOrderRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
})

/** One move in an order's history (billing_order_events), with who made it and what it carried (a refund's parts). */
export const ZAdminOrderEventSchema = ZOrderEventViewSchema.extend({
  actorId: z.uuid().nullable(),
  data: z.record(z.string(), z.unknown()),
})

/** A card payment attempt and what its provider said (billing_payments.log, secrets left out). */
export const ZAdminPaymentSchema = z.object({
  id: z.uuid(),
  invoiceId: z.string(),
  provider: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  amountMinor: z.number().int(),
  currency: z.string(),
  transactionId: z.string().nullable(),
  cardMask: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.iso.datetime(),
  log: z.array(z.record(z.string(), z.unknown())),
})

export const ZAdminOrderViewSchema = ZAdminOrderRowSchema.extend({
  statusReason: z.string().nullable(),
  lines: z.array(ZOrderLineViewSchema),
  history: z.array(ZAdminOrderEventSchema),
  payments: z.array(ZAdminPaymentSchema),
  /** What a refund can still return: all of it, and how it would split (card first, then balance). */
  refundable: z.object({ leftMinor: z.number().int(), cardLeftMinor: z.number().int(), balanceLeftMinor: z.number().int() }),
})
export type TAdminOrderView = z.infer<typeof ZAdminOrderViewSchema>

export const REFUND_REASON_MIN = 3
export const REFUND_REASON_MAX = 500
const refundReason = z.string().trim().min(REFUND_REASON_MIN).max(REFUND_REASON_MAX)

export const ZRefundInputSchema = z.object({
  /** How much to give back; without it, everything not refunded yet. */
  amountMinor: z.number().int().min(1).max(MAX_ORDER_MINOR).optional(),
  /** Why: goes to the order's history with the admin's id. */
  reason: refundReason,
})
export type TRefundInput = z.infer<typeof ZRefundInputSchema>

/** The admin page's refund form: an amount typed in major units (empty = all that is left) and the reason. */
export const ZRefundFormSchema = z.object({
  amount: z
    .string()
    .refine((s) => s.trim() === '' || (parseMajorAmount(s) ?? 0) > 0, { message: 'Enter an amount above zero', params: { code: 'refund_amount' } }),
  reason: refundReason,
})
