import {
  EPAY_DEFAULT_SERVICE_SCOPE,
  EPAY_PAYMENT_SCOPE,
  EPAY_RESULT_NOT_FOUND,
  EPAY_RESULT_SUCCESS,
  ZEpayOperationErrorSchema,
  ZEpayStatusSchema,
  ZEpayTokenErrorSchema,
  ZEpayTokenSchema,
  fromWireAmount,
  isValidInvoiceId,
  toWireAmount,
  tokenLifetimeSeconds,
  type TEpayStatusName,
  type TEpayToken,
  type TEpayTokenForm,
} from './protocol'

/**
 * The live Epay v2 client: tokens from the OAuth server, then status, refund and
 * cancel on the API with a Bearer token. It speaks the protocol only; what a payment
 * means to us (orders, the outbox, retries) belongs to the billing domain.
 */
export interface TEpayConf {
  /** Base of the OAuth server (`https://epay-oauth.homebank.kz`); a pasted `…/oauth2/token` works too. */
  oauthUrl: string
  /** Base of the API (`https://epay-api.homebank.kz`). */
  apiUrl: string
  clientId: string
  clientSecret: string
  /** The terminal's UUID. */
  terminal: string
  /** Scope of the service token (status, refund, cancel); EPAY_DEFAULT_SERVICE_SCOPE when unset. */
  serviceScope?: string
  /** Per request, connecting and reading the answer included (default 10 s). */
  timeoutMs?: number
  /** resultCodes of a status answer that mean "no such invoice" (unconfirmed; default ["102"]). */
  notFoundResultCodes?: string[]
}

export const EPAY_DEFAULT_TIMEOUT_MS = 10_000
/** A cached service token is replaced this long before Epay would expire it. */
export const EPAY_TOKEN_MARGIN_SECONDS = 60

/**
 * Every failure of a call: `status` is the HTTP status (0 when no answer came: network,
 * timeout, or input refused before sending), `code` Epay's own code when it gave one,
 * `detail` Epay's own message. Messages never carry the client secret or a token.
 */
export class EpayError extends Error {
  readonly status: number
  readonly code?: string | number
  readonly detail?: string
  constructor(message: string, opts: { status: number; code?: string | number; detail?: string; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause })
    this.name = 'EpayError'
    this.status = opts.status
    this.code = opts.code ?? undefined
    this.detail = opts.detail ?? undefined
  }
}

export interface TEpayPaymentTokenInput {
  invoiceId: string
  amountMinor: number
  currency: string
  /** Our per-payment secret; Epay echoes it in the callback, which is how we recognise it. */
  secretHash: string
  postLink: string
  failurePostLink: string
}

export interface TEpayTransaction {
  id: string
  invoiceId: string
  amountMinor: number
  currency: string
  terminal: string
  statusName: TEpayStatusName
  cardMask?: string
  reference?: string
  createdDate?: string
}

export interface TEpayStatus {
  found: boolean
  resultCode: string
  resultMessage?: string
  transaction?: TEpayTransaction
}

export interface TEpayOperationResult {
  status: number
  /** Epay's answer as sent (JSON when it is JSON; the success body is unconfirmed). */
  body: unknown
}

export interface TEpayClient {
  /** A new token for one payment, bound to its invoice; the payment page gets it whole as `auth`. */
  paymentToken: (input: TEpayPaymentTokenInput) => Promise<TEpayToken>
  status: (invoiceId: string) => Promise<TEpayStatus>
  /** Without amountMinor: what is left of the charge. Only CHARGE transactions, at least 10 KZT. */
  refund: (transactionId: string, opts?: { amountMinor?: number; externalId?: string }) => Promise<TEpayOperationResult>
  /** Releases an AUTH (authorised, not charged) transaction. */
  cancel: (transactionId: string) => Promise<TEpayOperationResult>
}

interface TRawAnswer {
  status: number
  text: string
}

const EXCERPT = 300

function base(url: string): string {
  return url.trim().replace(/\/+$/, '')
}

export function createEpayClient(conf: TEpayConf, fetchImpl: typeof fetch = fetch, now: () => number = Date.now): TEpayClient {
  const oauthBase = base(conf.oauthUrl).replace(/\/oauth2\/token$/, '')
  const apiBase = base(conf.apiUrl)
  const timeoutMs = conf.timeoutMs ?? EPAY_DEFAULT_TIMEOUT_MS
  const notFoundCodes = new Set(conf.notFoundResultCodes ?? [EPAY_RESULT_NOT_FOUND])
  let service: { token: string; expiresAt: number } | undefined
  // Concurrent calls with no cached token share one token request.
  let serviceRequest: Promise<string> | undefined

  /** Answers may quote what they were sent; none of our secrets leave in an error message. */
  function redact(text: string): string {
    let out = text
    for (const s of [conf.clientSecret, service?.token]) if (s && s.length >= 4) out = out.split(s).join('***')
    return out
  }

  function excerpt(text: string): string {
    const t = redact(text.replace(/\s+/g, ' ').trim())
    return t.length > EXCERPT ? `${t.slice(0, EXCERPT)}…` : t
  }

  function inputError(message: string): EpayError {
    return new EpayError(`Epay: ${message} (not sent)`, { status: 0, code: 'invalid_input' })
  }

  async function send(what: string, url: string, init: RequestInit): Promise<TRawAnswer> {
    try {
      const res = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
      return { status: res.status, text: await res.text() }
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } }
      const why =
        err.name === 'TimeoutError' || err.name === 'AbortError'
          ? `no answer within ${timeoutMs} ms (EPAY timeoutMs)`
          : `${err.message}${err.cause ? ` (${err.cause.code ?? err.cause.message ?? ''})` : ''}`
      throw new EpayError(`Epay ${what}: ${redact(why)} [${init.method ?? 'GET'} ${url}]`, { status: 0, code: 'network', cause: e })
    }
  }

  function json(what: string, answer: TRawAnswer): unknown {
    if (answer.text.trim() === '') return null
    try {
      return JSON.parse(answer.text) as unknown
    } catch {
      throw new EpayError(`Epay ${what}: the answer is not JSON (HTTP ${answer.status}): ${excerpt(answer.text)}`, {
        status: answer.status,
        code: 'bad_json',
      })
    }
  }

  /** Names the fields that did not match, never their values (a token could be one). */
  function mismatch(what: string, status: number, issues: { path: PropertyKey[]; message: string }[]): EpayError {
    const list = issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ')
    return new EpayError(`Epay ${what}: unexpected answer shape (HTTP ${status}): ${list}`, { status, code: 'bad_shape' })
  }

  async function requestToken(what: string, form: TEpayTokenForm): Promise<TEpayToken> {
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries(form)) if (v !== undefined) body.set(k, v)
    const answer = await send(what, `${oauthBase}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    })
    if (answer.status < 200 || answer.status > 299) {
      let parsed: ReturnType<typeof ZEpayTokenErrorSchema.safeParse> | undefined
      try {
        parsed = ZEpayTokenErrorSchema.safeParse(JSON.parse(answer.text))
      } catch {
        parsed = undefined
      }
      const e = parsed?.success ? parsed.data : undefined
      const detail = e ? (e.error_description ?? e.message ?? e.error ?? undefined) : undefined
      const hint = answer.status === 401 || answer.status === 400 ? ' (check EPAY_CLIENT_ID, EPAY_CLIENT_SECRET and EPAY_TERMINAL_ID, and the fields sent)' : ''
      throw new EpayError(`Epay ${what} refused (HTTP ${answer.status}): ${detail ? redact(detail) : excerpt(answer.text) || 'empty answer'}${hint}`, {
        status: answer.status,
        code: e?.error ?? e?.code ?? undefined,
        detail: detail ? redact(detail) : undefined,
      })
    }
    const parsed = ZEpayTokenSchema.safeParse(json(what, answer))
    if (!parsed.success) throw mismatch(what, answer.status, parsed.error.issues)
    return parsed.data
  }

  function serviceToken(): Promise<string> {
    if (service && now() < service.expiresAt) return Promise.resolve(service.token)
    serviceRequest ??= (async () => {
      const askedAt = now()
      try {
        const token = await requestToken('service token request', {
          grant_type: 'client_credentials',
          scope: conf.serviceScope ?? EPAY_DEFAULT_SERVICE_SCOPE,
          client_id: conf.clientId,
          client_secret: conf.clientSecret,
        })
        // Counted from before the request, so the cache never outlives Epay's own clock.
        service = { token: token.access_token, expiresAt: askedAt + (tokenLifetimeSeconds(token) - EPAY_TOKEN_MARGIN_SECONDS) * 1000 }
        return token.access_token
      } finally {
        serviceRequest = undefined
      }
    })()
    return serviceRequest
  }

  /** One call with the service token; a 401 means Epay forgot it (restart, revocation): a fresh token, once. */
  async function serviceCall(what: string, method: 'GET' | 'POST', url: string): Promise<TRawAnswer> {
    for (let attempt = 0; ; attempt++) {
      const token = await serviceToken()
      const answer = await send(what, url, { method, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })
      if (answer.status !== 401 || attempt > 0) return answer
      if (service?.token === token) service = undefined
    }
  }

  function unauthorized(what: string, answer: TRawAnswer): EpayError {
    return new EpayError(
      `Epay ${what}: the service token was refused twice (HTTP 401): ${excerpt(answer.text)} (check EPAY_SERVICE_SCOPE and the client's rights on the terminal)`,
      { status: 401, code: 'unauthorized' },
    )
  }

  function operationError(what: string, answer: TRawAnswer): EpayError {
    if (answer.status === 401) return unauthorized(what, answer)
    let body: unknown
    try {
      body = JSON.parse(answer.text)
    } catch {
      body = undefined
    }
    const parsed = ZEpayOperationErrorSchema.safeParse(body)
    const code = parsed.success ? (parsed.data.code ?? undefined) : undefined
    const detail = parsed.success && parsed.data.message ? redact(parsed.data.message) : undefined
    return new EpayError(
      `Epay ${what} refused (HTTP ${answer.status}${code !== undefined ? `, code ${code}` : ''}): ${detail ?? (excerpt(answer.text) || 'no message')}`,
      { status: answer.status, code, detail },
    )
  }

  function ok(answer: TRawAnswer): boolean {
    return answer.status >= 200 && answer.status <= 299
  }

  function checkTransactionId(id: string): void {
    if (typeof id !== 'string' || id.trim() === '' || id.length > 100) throw inputError(`transaction id must be a non-empty string, got ${JSON.stringify(id)}`)
  }

  async function operation(kind: 'refund' | 'cancel', transactionId: string, query: URLSearchParams): Promise<TEpayOperationResult> {
    const what = `${kind} of transaction ${transactionId}`
    const qs = query.toString() ? `?${query.toString()}` : ''
    const answer = await serviceCall(what, 'POST', `${apiBase}/operation/${encodeURIComponent(transactionId)}/${kind}${qs}`)
    if (!ok(answer)) throw operationError(what, answer)
    let body: unknown = answer.text
    try {
      body = answer.text.trim() === '' ? null : (JSON.parse(answer.text) as unknown)
    } catch {
      // A plain-text success answer stays text: the success body is unconfirmed.
    }
    return { status: answer.status, body }
  }

  return {
    async paymentToken(input) {
      if (!isValidInvoiceId(input.invoiceId)) throw inputError(`invoiceId must be 6–15 digits, got ${JSON.stringify(input.invoiceId)}`)
      if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) throw inputError(`amountMinor must be a positive whole number, got ${input.amountMinor}`)
      if (!input.secretHash) throw inputError('secretHash is required: it is how the callback is recognised')
      let amount: number
      try {
        amount = toWireAmount(input.amountMinor)
      } catch (e) {
        throw inputError((e as Error).message)
      }
      return requestToken(`payment token request for invoice ${input.invoiceId}`, {
        grant_type: 'client_credentials',
        scope: EPAY_PAYMENT_SCOPE,
        client_id: conf.clientId,
        client_secret: conf.clientSecret,
        invoiceID: input.invoiceId,
        secret_hash: input.secretHash,
        amount: String(amount),
        currency: input.currency,
        terminal: conf.terminal,
        postLink: input.postLink,
        failurePostLink: input.failurePostLink,
      })
    },

    async status(invoiceId) {
      if (!isValidInvoiceId(invoiceId)) throw inputError(`invoiceId must be 6–15 digits, got ${JSON.stringify(invoiceId)}`)
      const what = `status of invoice ${invoiceId}`
      const answer = await serviceCall(what, 'GET', `${apiBase}/check-status/payment/transaction/${invoiceId}`)
      if (answer.status === 401) throw unauthorized(what, answer)
      const body = json(what, answer)
      const parsed = ZEpayStatusSchema.safeParse(body)
      // Whether "not found" comes as 200 or as an error status is unconfirmed: the code decides.
      if (parsed.success && notFoundCodes.has(parsed.data.resultCode)) {
        return { found: false, resultCode: parsed.data.resultCode, resultMessage: parsed.data.resultMessage ?? undefined }
      }
      if (!ok(answer)) {
        const code = parsed.success ? parsed.data.resultCode : undefined
        const detail = parsed.success ? (parsed.data.resultMessage ?? undefined) : undefined
        throw new EpayError(`Epay ${what} failed (HTTP ${answer.status}${code ? `, result ${code}` : ''}): ${detail ?? (excerpt(answer.text) || 'empty answer')}`, {
          status: answer.status,
          code,
          detail,
        })
      }
      if (!parsed.success) throw mismatch(what, answer.status, parsed.error.issues)
      const { resultCode, resultMessage, transaction: tx } = parsed.data
      // Any other code is not read as "unpaid": a caller could cancel an order that was paid.
      if (resultCode !== EPAY_RESULT_SUCCESS) {
        throw new EpayError(`Epay ${what}: result ${resultCode} ${resultMessage ?? ''}`.trim(), {
          status: answer.status,
          code: resultCode,
          detail: resultMessage ?? undefined,
        })
      }
      const missing = (['id', 'amount', 'currency', 'terminal', 'statusName'] as const).filter((k) => tx?.[k] == null || tx[k] === '')
      if (!tx || missing.length) {
        throw mismatch(what, answer.status, [{ path: ['transaction', ...(tx ? [missing.join(', ')] : [])], message: 'missing in a SUCCESS answer' }])
      }
      if (tx.invoiceID && tx.invoiceID !== invoiceId) {
        throw new EpayError(`Epay ${what}: the answer is about invoice ${tx.invoiceID}`, { status: answer.status, code: 'wrong_invoice' })
      }
      const transaction: TEpayTransaction = {
        id: tx.id!,
        invoiceId,
        amountMinor: fromWireAmount(tx.amount!),
        currency: tx.currency!,
        terminal: tx.terminal!,
        statusName: tx.statusName!,
      }
      if (tx.cardMask) transaction.cardMask = tx.cardMask
      if (tx.reference) transaction.reference = tx.reference
      if (tx.createdDate) transaction.createdDate = tx.createdDate
      return { found: true, resultCode, resultMessage: resultMessage ?? undefined, transaction }
    },

    async refund(transactionId, opts = {}) {
      checkTransactionId(transactionId)
      const query = new URLSearchParams()
      if (opts.amountMinor !== undefined) {
        if (!Number.isSafeInteger(opts.amountMinor) || opts.amountMinor <= 0) throw inputError(`refund amountMinor must be a positive whole number, got ${opts.amountMinor}`)
        query.set('amount', String(toWireAmount(opts.amountMinor)))
      }
      if (opts.externalId !== undefined) query.set('externalID', opts.externalId)
      return operation('refund', transactionId, query)
    },

    async cancel(transactionId) {
      checkTransactionId(transactionId)
      return operation('cancel', transactionId, new URLSearchParams())
    },
  }
}
