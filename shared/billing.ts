import { z } from 'zod'

/**
 * Billing's shapes, shared by routes, the domain and pages. Money is always an integer
 * count of minor units (tiyn for KZT, kopecks for RUB) with its currency: never a float,
 * so 0.1 + 0.2 never reaches a receipt.
 */
export const CURRENCIES = ['KZT', 'RUB'] as const
export const ZCurrencySchema = z.enum(CURRENCIES)
export type TCurrency = z.infer<typeof ZCurrencySchema>

/** The currency each region sells in. */
export const REGION_CURRENCY: Record<'kz' | 'ru', TCurrency> = { kz: 'KZT', ru: 'RUB' }

/** Largest order total accepted, in minor units (10 million tenge or roubles): far above any price here, far below int4. */
export const MAX_ORDER_MINOR = 1_000_000_000
/** Smallest top-up (Epay refuses refunds under 10 KZT; a smaller card payment could not be refunded). */
export const MIN_TOPUP_MINOR = 1_000

const minor = z.number().int().min(0).max(MAX_ORDER_MINOR)

export const ORDER_STATUSES = ['created', 'pending', 'paid', 'failed', 'expired', 'refunded'] as const
export const ZOrderStatusSchema = z.enum(ORDER_STATUSES)
export type TOrderStatus = z.infer<typeof ZOrderStatusSchema>

export const ORDER_LINE_KINDS = ['document', 'subscription', 'topup'] as const

/** What a person can put in an order: a top-up of the balance, a paid document (a filling's download) or a plan. */
export const ZOrderLineInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('topup'), amountMinor: z.number().int().min(MIN_TOPUP_MINOR).max(MAX_ORDER_MINOR) }),
  z.object({ kind: z.literal('document'), fillingId: z.uuid() }),
  /** A plan (shared/subscription.ts): new, an upgrade (prorated) or a renewal, as the subscription domain prices it. */
  z.object({ kind: z.literal('subscription'), planCode: z.string().regex(/^[a-z0-9-]{2,40}$/) }),
])
export type TOrderLineInput = z.infer<typeof ZOrderLineInputSchema>

export const ZCreateOrderSchema = z.object({
  lines: z.array(ZOrderLineInputSchema).min(1).max(20),
  /** A company workspace's purchase (its plan or a balance top-up), by one of its owners or admins. */
  workspaceId: z.uuid().optional(),
  /** Pay this much of the total from the balance (taken when the order is paid); the rest by card. */
  useBalanceMinor: minor.optional(),
})
export type TCreateOrderInput = z.infer<typeof ZCreateOrderSchema>

export const ZBalancePartSchema = z.object({ useBalanceMinor: minor })

/** A company's details for an invoice paid by bank transfer (the BIN/INN is checked on the server by region). */
export const ZInvoiceRequestSchema = z.object({
  companyName: z.string().trim().min(2).max(300),
  taxId: z.string().trim().regex(/^\d{10,12}$/, 'a BIN (12 digits) or an INN (10 or 12 digits)'),
  address: z.string().trim().max(500).optional(),
})
export type TInvoiceRequest = z.infer<typeof ZInvoiceRequestSchema>
export const ZMarkInvoicePaidSchema = z.object({ reference: z.string().trim().min(2).max(200) })

/** A promo code as typed: spaces trimmed, any case; stored and compared in upper case. */
export const ZPromoCodeSchema = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9-]+$/, 'letters, digits and dashes'))
export const ZApplyPromoSchema = z.object({ code: ZPromoCodeSchema })

export const ZCreatePromoSchema = z
  .object({
    code: ZPromoCodeSchema,
    kind: z.enum(['percent', 'fixed']),
    percent: z.number().int().min(1).max(100).optional(),
    amountMinor: z.number().int().min(1).max(MAX_ORDER_MINOR).optional(),
    maxRedemptions: z.number().int().min(1).max(1_000_000).optional(),
    validFrom: z.iso.datetime().optional(),
    validUntil: z.iso.datetime().optional(),
  })
  .refine((v) => (v.kind === 'percent' ? v.percent !== undefined && v.amountMinor === undefined : v.amountMinor !== undefined && v.percent === undefined), {
    message: 'A percent code has a percent; a fixed code has an amount',
    path: ['kind'],
  })
  .refine((v) => !v.validFrom || !v.validUntil || v.validFrom < v.validUntil, { message: 'The code must start before it ends', path: ['validUntil'] })
export type TCreatePromoInput = z.infer<typeof ZCreatePromoSchema>

export const ZPromoViewSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  kind: z.enum(['percent', 'fixed']),
  percent: z.number().int().nullable(),
  amountMinor: z.number().int().nullable(),
  currency: ZCurrencySchema,
  maxRedemptions: z.number().int().nullable(),
  redeemedCount: z.number().int(),
  validFrom: z.iso.datetime().nullable(),
  validUntil: z.iso.datetime().nullable(),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
})
export type TPromoView = z.infer<typeof ZPromoViewSchema>
export const ZPromoListSchema = z.object({ items: z.array(ZPromoViewSchema) })

export const ZOrderLineViewSchema = z.object({
  kind: z.enum(ORDER_LINE_KINDS),
  ref: z.string().nullable(),
  title: z.string(),
  quantity: z.number().int(),
  unitMinor: z.number().int(),
  amountMinor: z.number().int(),
})

export const ZOrderEventViewSchema = z.object({
  from: ZOrderStatusSchema.nullable(),
  to: ZOrderStatusSchema,
  reason: z.string(),
  at: z.iso.datetime(),
})

export const ZOrderViewSchema = z.object({
  id: z.uuid(),
  /** The company workspace it was bought for; null for the person's own purchase. */
  workspaceId: z.uuid().nullable(),
  status: ZOrderStatusSchema,
  statusReason: z.string().nullable(),
  currency: ZCurrencySchema,
  /** The lines' sum before a promo code. */
  subtotalMinor: z.number().int(),
  discountMinor: z.number().int(),
  promoCode: z.string().nullable(),
  /** What is to be paid: the subtotal less the discount. */
  totalMinor: z.number().int(),
  balanceMinor: z.number().int(),
  /** What is left to pay by card. */
  cardMinor: z.number().int(),
  refundedMinor: z.number().int(),
  createdAt: z.iso.datetime(),
  paidAt: z.iso.datetime().nullable(),
  lines: z.array(ZOrderLineViewSchema),
  history: z.array(ZOrderEventViewSchema),
  /** The company invoice's number when the order is paid (or to be paid) by bank transfer. */
  invoiceNumber: z.string().nullable(),
})
export type TOrderView = z.infer<typeof ZOrderViewSchema>

export const ZOrderListSchema = z.object({ items: z.array(ZOrderViewSchema.omit({ history: true, lines: true, invoiceNumber: true })) })

export const ZBalanceViewSchema = z.object({
  currency: ZCurrencySchema,
  balanceMinor: z.number().int(),
  entries: z.array(
    z.object({
      amountMinor: z.number().int(),
      reason: z.string(),
      orderId: z.uuid().nullable(),
      at: z.iso.datetime(),
    }),
  ),
})
export type TBalanceView = z.infer<typeof ZBalanceViewSchema>

/** Where the browser goes back to after the payment page (paths on this site, in the page's language). */
export const ZStartEpaySchema = z.object({
  backPath: z.string().regex(/^\/(?!\/)[^\s]*$/, 'must be a path on this site').max(500),
  failurePath: z.string().regex(/^\/(?!\/)[^\s]*$/, 'must be a path on this site').max(500),
  language: z.enum(['ru', 'kk', 'en']).default('ru'),
})
export type TStartEpayInput = z.infer<typeof ZStartEpaySchema>

/** What the browser needs to open the payment page: Epay's script and the object for `halyk.pay()`, or the sandbox page. */
export const ZEpayStartViewSchema = z.object({
  driver: z.enum(['live', 'sandbox']),
  orderId: z.uuid(),
  invoiceId: z.string(),
  /** live: Epay's payment script to load; sandbox: null. */
  scriptUrl: z.string().nullable(),
  /** live: the object for `halyk.pay()` (the token included); sandbox: null. */
  paymentObject: z.record(z.string(), z.unknown()).nullable(),
  /** sandbox: our local payment page that behaves like Epay's; live: null. */
  redirectUrl: z.string().nullable(),
})
export type TEpayStartView = z.infer<typeof ZEpayStartViewSchema>

/**
 * Test cards of the sandbox payment page (like a provider's test cards): the number
 * decides the outcome; any other valid-looking number pays.
 */
export const SANDBOX_CARDS = {
  success: '4400430000000000',
  decline: '4400430000000002',
  /** Asks for the 3-D Secure code first (any 6 digits), then pays. */
  secure3d: '4400430000000003',
} as const

const path = z.string().regex(/^\/(?!\/)[^\s]*$/, 'must be a path on this site').max(500)

/** The sandbox payment page's form (the card is checked for shape only; nothing is charged). */
export const ZSandboxPaySchema = z.object({
  cardNumber: z.string().regex(/^\d{16}$/, 'must be 16 digits'),
  expiry: z.string().regex(/^(0[1-9]|1[0-2])\/\d{2}$/, 'must be MM/YY'),
  cvc: z.string().regex(/^\d{3}$/, 'must be 3 digits'),
  /** The 3-D Secure code, for the card that asks for one. */
  code3ds: z.string().regex(/^\d{6}$/).optional(),
  backPath: path,
  failurePath: path,
})
export type TSandboxPayInput = z.infer<typeof ZSandboxPaySchema>
