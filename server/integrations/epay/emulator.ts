import { randomBytes, randomInt, randomUUID } from 'node:crypto'
import {
  EPAY_MIN_REFUND_MINOR,
  EPAY_PAYMENT_SCOPE,
  EPAY_RESULT_NOT_FOUND,
  EPAY_RESULT_SUCCESS,
  fromWireAmount,
  invoiceIdTail,
  isValidInvoiceId,
  toWireAmount,
  type TEpayStatusName,
} from './protocol'

/**
 * An Epay-like server as plain state and functions: no sockets, no timers, time from
 * `now`. The test fake puts HTTP in front of it; the sandbox payment page can drive
 * the same object, so both behave alike. It follows /work/shared/PROTOCOLS.md and
 * decides what that leaves open (error bodies of the token endpoint, "not found" as
 * HTTP 200 with resultCode 102, empty 200 bodies for refund and cancel) the way the
 * live client reads leniently anyway.
 */

export type TEpayPayOutcome = 'success' | 'decline' | 'auth-only'

/** What an HTTP front answers: the status and the JSON body (null: an empty body). */
export interface TEpayEmulatorAnswer {
  status: number
  body: unknown
}

export interface TEpayEmulatorOptions {
  clientId: string
  clientSecret: string
  /** The one terminal this merchant has; a token request for another is refused. */
  terminal: string
  now?: () => number
  /** Lifetime of every token issued (Epay: 7200 s). */
  tokenLifetimeSeconds?: number
}

export interface TEpayEmulatorInvoice {
  invoiceId: string
  amountMinor: number
  currency: string
  terminal: string
  secretHash: string
  postLink: string
  failurePostLink: string
  createdAt: number
  transactionIds: string[]
}

export interface TEpayEmulatorRefund {
  amountMinor: number
  externalId?: string
  at: number
}

export interface TEpayEmulatorTransaction {
  id: string
  invoiceId: string
  amountMinor: number
  refundedMinor: number
  refunds: TEpayEmulatorRefund[]
  currency: string
  terminal: string
  statusName: TEpayStatusName
  cardMask: string
  cardType: string
  issuer: string
  reference: string
  createdAt: number
}

export interface TEpayEmulatorToken {
  scope: string
  expiresAt: number
  /** Set for a payment token: it belongs to this invoice only. */
  invoiceId?: string
}

/** What the payer entered on the payment page (the emulator has no page of its own). */
export interface TEpayPayDetails {
  cardMask?: string
  cardType?: string
  issuer?: string
  cardId?: string
  name?: string
  email?: string
  phone?: string
  description?: string
  language?: string
  accountId?: string
  invoiceIdAlt?: string
  /** The decline reason in the callback. */
  reason?: string
}

export interface TEpayCallbackDelivery {
  /** postLink on success and auth-only, failurePostLink on a decline. */
  url: string
  body: Record<string, unknown>
}

export type TEpayEmulatorCall =
  | { op: 'token'; at: number; status: number; kind: 'payment' | 'service' | 'refused'; form: Record<string, string> }
  | { op: 'status'; at: number; status: number; invoiceId: string }
  | { op: 'refund'; at: number; status: number; transactionId: string; amountMinor?: number; externalId?: string }
  | { op: 'cancel'; at: number; status: number; transactionId: string }
  | { op: 'pay'; at: number; invoiceId: string; outcome: TEpayPayOutcome; transactionId: string }

const INVOICE_FIELDS = ['invoiceID', 'secret_hash', 'amount', 'currency', 'terminal', 'postLink', 'failurePostLink'] as const

function isHttpUrl(s: string | undefined): boolean {
  if (!s) return false
  try {
    const u = new URL(s)
    return u.protocol === 'http:' || u.protocol === 'https:'
  } catch {
    return false
  }
}

function oauthError(status: number, error: string, description: string): TEpayEmulatorAnswer {
  return { status, body: { error, error_description: description } }
}

function operationError(message: string): TEpayEmulatorAnswer {
  return { status: 400, body: { code: 100, message } }
}

export class EpayEmulator {
  readonly invoices = new Map<string, TEpayEmulatorInvoice>()
  readonly transactions = new Map<string, TEpayEmulatorTransaction>()
  readonly tokens = new Map<string, TEpayEmulatorToken>()
  readonly calls: TEpayEmulatorCall[] = []
  private readonly now: () => number
  private readonly lifetime: number

  constructor(private readonly opts: TEpayEmulatorOptions) {
    this.now = opts.now ?? Date.now
    this.lifetime = opts.tokenLifetimeSeconds ?? 7200
  }

  /** POST /oauth2/token with its form fields. With any invoice field it is a payment token and needs all of them. */
  issueToken(form: Record<string, string>): TEpayEmulatorAnswer {
    const answer = this.tokenAnswer(form)
    const ok = answer.status === 200
    const kind = !ok ? 'refused' : INVOICE_FIELDS.some((f) => f in form) ? 'payment' : 'service'
    this.calls.push({ op: 'token', at: this.now(), status: answer.status, kind, form: { ...form } })
    return answer
  }

  private tokenAnswer(form: Record<string, string>): TEpayEmulatorAnswer {
    if (form.grant_type !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'grant_type must be client_credentials')
    if (form.client_id !== this.opts.clientId || form.client_secret !== this.opts.clientSecret) {
      return oauthError(401, 'invalid_client', 'unknown client_id or wrong client_secret')
    }
    const scope = (form.scope ?? '').trim()
    if (!scope) return oauthError(400, 'invalid_scope', 'scope is required')

    if (!INVOICE_FIELDS.some((f) => f in form)) return this.grant({ scope })

    const missing = INVOICE_FIELDS.filter((f) => !form[f]?.trim())
    if (missing.length) return oauthError(400, 'invalid_request', `missing fields: ${missing.join(', ')}`)
    if (!scope.split(/\s+/).includes(EPAY_PAYMENT_SCOPE)) return oauthError(400, 'invalid_scope', 'a payment token needs scope payment')
    const invoiceId = form.invoiceID!
    if (!isValidInvoiceId(invoiceId)) return oauthError(400, 'invalid_request', 'invoiceID must be 6-15 digits')
    let amountMinor: number
    try {
      amountMinor = fromWireAmount(form.amount!)
    } catch {
      return oauthError(400, 'invalid_request', 'amount must be a number with at most 2 decimals')
    }
    if (amountMinor <= 0) return oauthError(400, 'invalid_request', 'amount must be greater than 0')
    if (!/^[A-Z]{3}$/.test(form.currency!)) return oauthError(400, 'invalid_request', 'currency must be a 3-letter code')
    if (form.terminal !== this.opts.terminal) return oauthError(400, 'invalid_request', 'unknown terminal')
    if (!isHttpUrl(form.postLink) || !isHttpUrl(form.failurePostLink)) {
      return oauthError(400, 'invalid_request', 'postLink and failurePostLink must be http(s) URLs')
    }

    const existing = this.invoices.get(invoiceId)
    if (existing && existing.transactionIds.some((id) => this.transactions.get(id)?.statusName !== 'REJECT')) {
      return oauthError(400, 'invalid_request', 'invoiceID is already used by a payment')
    }
    const tail = invoiceIdTail(invoiceId)
    for (const other of this.invoices.values()) {
      if (other.invoiceId !== invoiceId && invoiceIdTail(other.invoiceId) === tail) {
        return oauthError(400, 'invalid_request', 'the last 6 digits of invoiceID are already used by another invoice')
      }
    }
    // Asking again for an unpaid invoice (a second attempt) replaces what it was asked with.
    this.invoices.set(invoiceId, {
      invoiceId,
      amountMinor,
      currency: form.currency!,
      terminal: form.terminal!,
      secretHash: form.secret_hash!,
      postLink: form.postLink!,
      failurePostLink: form.failurePostLink!,
      createdAt: existing?.createdAt ?? this.now(),
      transactionIds: existing?.transactionIds ?? [],
    })
    return this.grant({ scope, invoiceId })
  }

  private grant(t: { scope: string; invoiceId?: string }): TEpayEmulatorAnswer {
    const token = randomBytes(24).toString('base64url')
    this.tokens.set(token, { ...t, expiresAt: this.now() + this.lifetime * 1000 })
    return {
      status: 200,
      body: { access_token: token, expires_in: this.lifetime, refresh_token: '', scope: t.scope, token_type: 'Bearer' },
    }
  }

  /** Forgets every token, as a restarted or rotated Epay would: the next call with one gets 401. */
  revokeTokens(): void {
    this.tokens.clear()
  }

  /** Status, refund and cancel take a service token only: a payment token is bound to its invoice's page. */
  private authorize(bearer: string | undefined): TEpayEmulatorAnswer | null {
    if (!bearer) return oauthError(401, 'invalid_token', 'missing Bearer token')
    const t = this.tokens.get(bearer)
    if (!t) return oauthError(401, 'invalid_token', 'unknown token')
    if (this.now() >= t.expiresAt) return oauthError(401, 'invalid_token', 'token expired')
    if (t.invoiceId !== undefined) return oauthError(401, 'invalid_token', 'a payment token cannot call the API')
    return null
  }

  /** The payer finishes the payment page; the answer is the callback Epay would send. */
  pay(invoiceId: string, outcome: TEpayPayOutcome, details: TEpayPayDetails = {}): TEpayCallbackDelivery {
    const invoice = this.invoices.get(invoiceId)
    if (!invoice) throw new Error(`Epay emulator: no token was issued for invoice ${invoiceId}`)
    if (invoice.transactionIds.some((id) => this.transactions.get(id)?.statusName !== 'REJECT')) {
      throw new Error(`Epay emulator: invoice ${invoiceId} is already paid`)
    }
    const statusName: TEpayStatusName = outcome === 'success' ? 'CHARGE' : outcome === 'auth-only' ? 'AUTH' : 'REJECT'
    const tx: TEpayEmulatorTransaction = {
      id: randomUUID(),
      invoiceId,
      amountMinor: invoice.amountMinor,
      refundedMinor: 0,
      refunds: [],
      currency: invoice.currency,
      terminal: invoice.terminal,
      statusName,
      cardMask: details.cardMask ?? '440043******0000',
      cardType: details.cardType ?? 'VISA',
      issuer: details.issuer ?? 'HALYK BANK',
      reference: String(randomInt(100_000_000_000, 999_999_999_999)),
      createdAt: this.now(),
    }
    this.transactions.set(tx.id, tx)
    invoice.transactionIds.push(tx.id)
    this.calls.push({ op: 'pay', at: this.now(), invoiceId, outcome, transactionId: tx.id })
    const declined = outcome === 'decline'
    return {
      url: declined ? invoice.failurePostLink : invoice.postLink,
      body: {
        id: tx.id,
        dateTime: new Date(tx.createdAt).toISOString(),
        invoiceId,
        invoiceIdAlt: details.invoiceIdAlt ?? '',
        amount: toWireAmount(tx.amountMinor),
        currency: tx.currency,
        terminal: tx.terminal,
        accountId: details.accountId ?? '',
        description: details.description ?? '',
        language: details.language ?? 'rus',
        cardMask: tx.cardMask,
        cardType: tx.cardType,
        issuer: tx.issuer,
        reference: tx.reference,
        secure: 'yes',
        code: declined ? 'error' : 'ok',
        reason: declined ? (details.reason ?? 'Declined by the issuer') : '',
        reasonCode: declined ? '05' : '0',
        name: details.name ?? '',
        email: details.email ?? '',
        phone: details.phone ?? '',
        cardId: details.cardId ?? '',
        secret_hash: invoice.secretHash,
      },
    }
  }

  /** GET /check-status/payment/transaction/:invoiceId: its latest transaction. */
  status(invoiceId: string, bearer: string | undefined): TEpayEmulatorAnswer {
    const answer = this.statusAnswer(invoiceId, bearer)
    this.calls.push({ op: 'status', at: this.now(), status: answer.status, invoiceId })
    return answer
  }

  private statusAnswer(invoiceId: string, bearer: string | undefined): TEpayEmulatorAnswer {
    const denied = this.authorize(bearer)
    if (denied) return denied
    const ids = this.invoices.get(invoiceId)?.transactionIds ?? []
    const tx = ids.length ? this.transactions.get(ids[ids.length - 1]!) : undefined
    if (!tx) return { status: 200, body: { resultCode: EPAY_RESULT_NOT_FOUND, resultMessage: 'invoice not found' } }
    return {
      status: 200,
      body: {
        resultCode: EPAY_RESULT_SUCCESS,
        resultMessage: 'SUCCESS',
        transaction: {
          id: tx.id,
          createdDate: new Date(tx.createdAt).toISOString(),
          invoiceID: tx.invoiceId,
          amount: toWireAmount(tx.amountMinor),
          currency: tx.currency,
          terminal: tx.terminal,
          cardMask: tx.cardMask,
          reference: tx.reference,
          statusName: tx.statusName,
        },
      },
    }
  }

  /**
   * POST /operation/:id/refund. Partial refunds until the charge is used up; the full
   * refund turns the transaction into REFUND. amountMinor undefined: all that is left;
   * NaN stands for an amount the HTTP front could not read.
   */
  refund(transactionId: string, amountMinor: number | undefined, externalId: string | undefined, bearer: string | undefined): TEpayEmulatorAnswer {
    const answer = this.refundAnswer(transactionId, amountMinor, externalId, bearer)
    this.calls.push({ op: 'refund', at: this.now(), status: answer.status, transactionId, amountMinor, externalId })
    return answer
  }

  private refundAnswer(transactionId: string, amountMinor: number | undefined, externalId: string | undefined, bearer: string | undefined): TEpayEmulatorAnswer {
    const denied = this.authorize(bearer)
    if (denied) return denied
    const tx = this.transactions.get(transactionId)
    if (!tx) return operationError('transaction not found')
    if (tx.statusName !== 'CHARGE') return operationError(`only a CHARGE transaction can be refunded, this one is ${tx.statusName}`)
    const left = tx.amountMinor - tx.refundedMinor
    const amount = amountMinor ?? left
    if (!Number.isSafeInteger(amount) || amount <= 0) return operationError('amount must be a positive number with at most 2 decimals')
    if (amount < EPAY_MIN_REFUND_MINOR) return operationError(`the minimum refund is ${toWireAmount(EPAY_MIN_REFUND_MINOR)} KZT`)
    if (amount > left) return operationError(`refund amount exceeds what is left of the charge (${toWireAmount(left)})`)
    tx.refundedMinor += amount
    tx.refunds.push({ amountMinor: amount, externalId, at: this.now() })
    if (tx.refundedMinor === tx.amountMinor) tx.statusName = 'REFUND'
    return { status: 200, body: null }
  }

  /** POST /operation/:id/cancel: releases an authorisation (AUTH → CANCEL). */
  cancel(transactionId: string, bearer: string | undefined): TEpayEmulatorAnswer {
    const answer = this.cancelAnswer(transactionId, bearer)
    this.calls.push({ op: 'cancel', at: this.now(), status: answer.status, transactionId })
    return answer
  }

  private cancelAnswer(transactionId: string, bearer: string | undefined): TEpayEmulatorAnswer {
    const denied = this.authorize(bearer)
    if (denied) return denied
    const tx = this.transactions.get(transactionId)
    if (!tx) return operationError('transaction not found')
    if (tx.statusName !== 'AUTH') return operationError(`only an AUTH transaction can be cancelled, this one is ${tx.statusName}`)
    tx.statusName = 'CANCEL'
    return { status: 200, body: null }
  }
}
