import { z } from 'zod'

/**
 * Halyk Bank Epay v2 (epayment.kz): the wire shapes and the rules both sides of the
 * protocol share, so the live client, the emulator behind the test fake and the
 * sandbox page read and write exactly the same things. Facts from
 * /work/shared/PROTOCOLS.md; what no official source confirmed is marked "unconfirmed"
 * and kept lenient or configurable.
 */

export const EPAY_TEST_OAUTH_URL = 'https://test-epay-oauth.epayment.kz'
export const EPAY_TEST_API_URL = 'https://test-epay-api.epayment.kz'
export const EPAY_PROD_OAUTH_URL = 'https://epay-oauth.homebank.kz'
export const EPAY_PROD_API_URL = 'https://epay-api.homebank.kz'

/** A payment token is bound to one invoice and carries only this scope. */
export const EPAY_PAYMENT_SCOPE = 'payment'
/** Scope of the token for status, refund and cancel; which of these the API needs is unconfirmed, so it is configurable. */
export const EPAY_DEFAULT_SERVICE_SCOPE = 'webapi usermanagement email_send verification statement statistics payment'

export const EPAY_RESULT_SUCCESS = '100'
/** Unconfirmed: the status answer's code for an invoice Epay has no transaction for. */
export const EPAY_RESULT_NOT_FOUND = '102'

/** Epay refuses smaller refunds (10 KZT), in minor units. */
export const EPAY_MIN_REFUND_MINOR = 10_00

/**
 * Transaction states as far as public client code shows them (unconfirmed). The schemas
 * take any string, so a state missing here reaches the caller instead of failing the call.
 */
export const EPAY_STATUS_NAMES = ['AUTH', 'CHARGE', 'CANCEL', 'REFUND', 'REJECT', 'FAILED', 'NEW', '3D'] as const
export type TEpayKnownStatusName = (typeof EPAY_STATUS_NAMES)[number]
export type TEpayStatusName = TEpayKnownStatusName | (string & {})

export const EPAY_LANGUAGES = ['rus', 'kaz', 'eng'] as const
export type TEpayLanguage = (typeof EPAY_LANGUAGES)[number]

/** The payment page's language for a site locale (Epay has its own three-letter codes). */
export function epayLanguage(locale: string): TEpayLanguage {
  if (locale === 'kk') return 'kaz'
  if (locale === 'en') return 'eng'
  return 'rus'
}

// --- money ---------------------------------------------------------------------------

/**
 * Largest amount converted, in minor units (10^12 tenge). Far above any order, and low
 * enough that every value keeps its exact tiyn through a double on the wire.
 */
export const EPAY_MAX_MINOR = 100_000_000_000_000

/**
 * Minor units (tiyn) to the tenge number Epay expects: 150050 → 1500.5. Built from the
 * integer parts as a decimal string, so the double is the one nearest the exact amount
 * and JSON prints it without float noise.
 */
export function toWireAmount(minor: number): number {
  if (!Number.isSafeInteger(minor) || minor < 0 || minor > EPAY_MAX_MINOR) {
    throw new RangeError(`Epay amount must be a whole number of minor units between 0 and ${EPAY_MAX_MINOR}, got ${minor}`)
  }
  const cents = minor % 100
  const whole = (minor - cents) / 100
  return Number(`${whole}.${String(cents).padStart(2, '0')}`)
}

const WIRE_AMOUNT = /^(\d+)(?:\.(\d{1,2}))?$/

/**
 * A tenge amount from Epay (number or numeric string) to minor units. Read through its
 * decimal text rather than x * 100, so a value with a third decimal or float noise
 * (0.30000000000000004) is refused instead of silently rounded.
 */
export function fromWireAmount(x: number | string): number {
  const text = typeof x === 'number' ? (Number.isFinite(x) ? String(x) : '') : x.trim()
  const m = WIRE_AMOUNT.exec(text)
  if (!m) throw new RangeError(`Epay amount must be a non-negative number with at most 2 decimals, got ${JSON.stringify(x)}`)
  const minor = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  if (!Number.isSafeInteger(minor) || minor > EPAY_MAX_MINOR) throw new RangeError(`Epay amount is out of range: ${JSON.stringify(x)}`)
  return minor
}

/** A wire amount in a schema: a JSON number or a numeric string, as Epay sends either. */
const ZWireAmount = z.union([z.number(), z.string()]).refine(
  (v) => {
    try {
      fromWireAmount(v)
      return true
    } catch {
      return false
    }
  },
  { message: 'must be an amount in tenge with at most 2 decimals' },
)

// --- invoices ------------------------------------------------------------------------

/** Epay's invoice number: 6–15 digits (unique, and unique in its last 6 digits too). */
export function isValidInvoiceId(s: unknown): s is string {
  return typeof s === 'string' && /^\d{6,15}$/.test(s)
}

/** Epay also requires these to be unique: two invoices sharing them collide. */
export function invoiceIdTail(invoiceId: string): string {
  return invoiceId.slice(-6)
}

// --- token ---------------------------------------------------------------------------

/**
 * The token answer. Kept as sent (extra fields too, expires_in as number or string):
 * the payment page takes the whole object as `auth`.
 */
export const ZEpayTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.union([z.number().nonnegative(), z.string().regex(/^\d+$/)]),
  refresh_token: z.string().nullish(),
  scope: z.string().nullish(),
  token_type: z.string().nullish(),
})
export type TEpayToken = z.infer<typeof ZEpayTokenSchema>

export function tokenLifetimeSeconds(token: TEpayToken): number {
  return Number(token.expires_in)
}

/** The form fields of a token request; the invoice fields only for a payment token. */
export interface TEpayTokenForm {
  grant_type: 'client_credentials'
  scope: string
  client_id: string
  client_secret: string
  invoiceID?: string
  secret_hash?: string
  amount?: string
  currency?: string
  terminal?: string
  postLink?: string
  failurePostLink?: string
}

/** The OAuth-style error answer (unconfirmed for Epay: read loosely). */
export const ZEpayTokenErrorSchema = z.looseObject({
  error: z.string().nullish(),
  error_description: z.string().nullish(),
  message: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
})

// --- callback (postLink / failurePostLink) -------------------------------------------

const ZText = z.union([z.string(), z.number()]).transform(String).nullish()

/**
 * The postLink / failurePostLink body. Lenient on purpose: fields may be strings or
 * numbers or missing, and unknown ones pass. Nothing in it is trusted (there is no
 * signature): the receiver compares `secret_hash` with the one it sent, then asks
 * status() and matches amount, currency and terminal. It may arrive more than once.
 */
export const ZEpayCallbackSchema = z.looseObject({
  id: ZText,
  dateTime: ZText,
  invoiceId: z.union([z.string().min(1), z.number()]).transform(String),
  invoiceIdAlt: ZText,
  amount: ZWireAmount.nullish(),
  currency: ZText,
  terminal: ZText,
  accountId: ZText,
  description: ZText,
  language: ZText,
  cardMask: ZText,
  cardType: ZText,
  issuer: ZText,
  reference: ZText,
  secure: ZText,
  code: z.string(),
  reason: ZText,
  reasonCode: ZText,
  name: ZText,
  email: ZText,
  phone: ZText,
  cardId: ZText,
  secret_hash: ZText,
})
export type TEpayCallback = z.output<typeof ZEpayCallbackSchema>
export type TEpayCallbackInput = z.input<typeof ZEpayCallbackSchema>

/** Says the payment went through; still confirm it with status() before acting on it. */
export function isCallbackSuccess(cb: Pick<TEpayCallback, 'code'>): boolean {
  return cb.code === 'ok'
}

// --- status --------------------------------------------------------------------------

/**
 * The transaction inside a status answer. Every field optional here: what a "not found"
 * answer carries is unconfirmed, and the client requires the fields it needs itself.
 */
export const ZEpayStatusTransactionSchema = z.looseObject({
  id: ZText,
  createdDate: ZText,
  invoiceID: ZText,
  amount: ZWireAmount.nullish(),
  currency: ZText,
  terminal: ZText,
  cardMask: ZText,
  reference: ZText,
  statusName: ZText,
})

export const ZEpayStatusSchema = z.looseObject({
  resultCode: z.union([z.string(), z.number()]).transform(String),
  resultMessage: ZText,
  transaction: ZEpayStatusTransactionSchema.nullish(),
})
export type TEpayStatusBody = z.output<typeof ZEpayStatusSchema>

// --- refund / cancel -----------------------------------------------------------------

/** The 400 answer of refund and cancel: `{"code":100,"message":"..."}`. */
export const ZEpayOperationErrorSchema = z.looseObject({
  code: z.union([z.number(), z.string()]).nullish(),
  message: z.string().nullish(),
})
export type TEpayOperationError = z.output<typeof ZEpayOperationErrorSchema>

// --- payment page --------------------------------------------------------------------

export interface TEpayPaymentObjectInput {
  invoiceId: string
  invoiceIdAlt?: string
  backLink: string
  failureBackLink: string
  postLink: string
  failurePostLink: string
  language: TEpayLanguage
  description: string
  accountId?: string
  terminal: string
  amountMinor: number
  currency: string
  name?: string
  email?: string
  phone?: string
  /** Our own data Epay keeps with the payment; an object is sent as its JSON text. */
  data?: string | Record<string, unknown>
  cardSave?: boolean
  /** The token answer of paymentToken() for this very invoice. */
  auth: TEpayToken
}

/** What `halyk.pay(paymentObject)` takes on the payment page: the input with the amount in tenge and `data` as text. */
export type TEpayPaymentObject = Omit<TEpayPaymentObjectInput, 'amountMinor' | 'data'> & { amount: number; data?: string }

/**
 * The object handed to the payment page. Only the documented fields, and an optional
 * one only when given: the page must not receive anything we did not mean to send.
 */
export function buildPaymentObject(input: TEpayPaymentObjectInput): TEpayPaymentObject {
  if (!isValidInvoiceId(input.invoiceId)) throw new RangeError(`Epay invoiceId must be 6–15 digits, got ${JSON.stringify(input.invoiceId)}`)
  if (!EPAY_LANGUAGES.includes(input.language)) throw new RangeError(`Epay language must be one of ${EPAY_LANGUAGES.join(', ')}`)
  const out: TEpayPaymentObject = {
    invoiceId: input.invoiceId,
    backLink: input.backLink,
    failureBackLink: input.failureBackLink,
    postLink: input.postLink,
    failurePostLink: input.failurePostLink,
    language: input.language,
    description: input.description,
    terminal: input.terminal,
    amount: toWireAmount(input.amountMinor),
    currency: input.currency,
    auth: input.auth,
  }
  if (input.invoiceIdAlt !== undefined) out.invoiceIdAlt = input.invoiceIdAlt
  if (input.accountId !== undefined) out.accountId = input.accountId
  if (input.name !== undefined) out.name = input.name
  if (input.email !== undefined) out.email = input.email
  if (input.phone !== undefined) out.phone = input.phone
  if (input.data !== undefined) out.data = typeof input.data === 'string' ? input.data : JSON.stringify(input.data)
  if (input.cardSave !== undefined) out.cardSave = input.cardSave
  return out
}
