import { AppError } from '../../lib/errors'
import {
  EGOV_QR_REGISTER_PATH,
  ZEgovQrRegisterAnswerSchema,
  ZEgovQrSignedAnswerSchema,
  errorMessageOf,
  toDataRequest,
  toProcedure,
  toSignatures,
  type TEgovQrDocument,
  type TEgovQrProcedure,
} from './protocol'

/**
 * The live client of a SIGEX-style eGov QR service. It speaks the protocol only: one call
 * per method. The data and signature requests are held by the provider until the person
 * acts on the phone, so those two return 'pending' when a hold ends without an answer and
 * the caller (a worker job) asks again; how long to keep asking is the caller's business.
 */
export type { TEgovQrDocument, TEgovQrProcedure } from './protocol'

export interface TEgovQrConf {
  /** The service's base URL (`https://sigex.kz`). */
  url: string
  /** For the register call, which is answered at once (not held). */
  timeoutMs?: number
}

export const EGOV_QR_DEFAULT_TIMEOUT_MS = 20_000
/**
 * Reading an answer once its headers came, for the held calls: a signature with its
 * document attached can be tens of MB, more than a short hold leaves time for.
 */
export const EGOV_QR_BODY_TIMEOUT_MS = 120_000
/** Largest answer read: signatures with attached data are as large as the documents (20 MiB each, a third more in base64). */
export const EGOV_QR_MAX_ANSWER_BYTES = 64 * 1024 * 1024
export const EGOV_QR_RETRY_AFTER_SECONDS = 30

/**
 * Why a call failed. `refused`: the provider answered with its own `message` (an expired
 * or unknown procedure, the person declined, data it would not take): retrying the same
 * call changes nothing. `failed`: an error answer that is not the provider's (a proxy's
 * page, a 5xx). `unreachable`/`timeout`: no answer to register. `bad_answer`: an answer
 * we cannot read. `not_configured`: no EGOV_QR_URL and no sandbox.
 */
export type TEgovQrFailure = 'not_configured' | 'unreachable' | 'timeout' | 'refused' | 'failed' | 'bad_answer'

/**
 * An AppError, so the HTTP layer answers it by itself: `refused` is BAD_REQUEST (400),
 * `bad_answer` INTERNAL, the rest UNAVAILABLE (503, with Retry-After when trying again
 * can help). `providerStatus` is the provider's HTTP status (0: no answer), `detail` its
 * `message`.
 */
export class EgovQrError extends AppError {
  readonly reason: TEgovQrFailure
  readonly providerStatus: number
  readonly detail?: string
  declare readonly params: Record<string, unknown>

  constructor(reason: TEgovQrFailure, message: string, opts: { status?: number; detail?: string; cause?: unknown } = {}) {
    const retryable = reason === 'unreachable' || reason === 'timeout' || reason === 'failed'
    const code = reason === 'refused' ? 'BAD_REQUEST' : reason === 'bad_answer' ? 'INTERNAL' : 'UNAVAILABLE'
    super(code, message, {
      messageKey: `errors.${code.toLowerCase()}`,
      params: { provider: 'egov-qr', reason, ...(opts.status ? { status: opts.status } : {}) },
      ...(retryable ? { retryAfter: EGOV_QR_RETRY_AFTER_SECONDS } : {}),
      cause: opts.cause,
    })
    this.name = 'EgovQrError'
    this.reason = reason
    this.providerStatus = opts.status ?? 0
    this.detail = opts.detail
  }

  get retryable(): boolean {
    return this.retryAfter !== undefined
  }
}

/**
 * How long one held request may wait for its answer to start. `signal` ends it early (a
 * worker shutting down): that is 'pending' too, the procedure itself is untouched.
 */
export interface TEgovQrHoldOptions {
  waitMs: number
  signal?: AbortSignal
}

export interface TEgovQrClient {
  register(description: string): Promise<TEgovQrProcedure>
  /** One held request: 'sent' when accepted, 'pending' when it timed out (waitMs) or failed at the network level: the caller asks again. */
  sendData(dataUrl: string, input: { attach: boolean; documents: TEgovQrDocument[] }, opts: TEgovQrHoldOptions): Promise<'sent' | 'pending'>
  /** One held request: the base64 CMS signatures in document order, or 'pending' (timeout / network failure). */
  collect(signUrl: string, opts: TEgovQrHoldOptions): Promise<{ signatures: string[] } | 'pending'>
}

const EXCERPT = 300

function excerpt(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim()
  return t.length > EXCERPT ? `${t.slice(0, EXCERPT)}…` : t
}

/**
 * A provider URL as an error message may show it. The data and sign URLs carry the
 * procedure's id, which is all it takes to fetch the signatures; messages end up in logs
 * and the outbox, so long path segments and the query are cut short.
 */
export function describeUrl(raw: string): string {
  try {
    const u = new URL(raw)
    const path = u.pathname
      .split('/')
      .map((s) => (s.length >= 16 ? `${s.slice(0, 4)}…` : s))
      .join('/')
    return `${u.origin}${path}${u.search ? '?…' : ''}`
  } catch {
    return excerpt(raw).slice(0, 80)
  }
}

type TExchange = { kind: 'answer'; status: number; text: string } | { kind: 'no_answer'; timedOut: boolean; error: Error }

class TooLarge extends Error {}

async function readBounded(res: Response): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '')
  if (Number.isFinite(declared) && declared > EGOV_QR_MAX_ANSWER_BYTES) {
    void res.body?.cancel().catch(() => {})
    throw new TooLarge(`${declared} bytes declared`)
  }
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > EGOV_QR_MAX_ANSWER_BYTES) {
      void reader.cancel().catch(() => {})
      throw new TooLarge(`over ${size} bytes read`)
    }
    chunks.push(value)
  }
  return new TextDecoder().decode(Buffer.concat(chunks))
}

/**
 * One request with two deadlines: `headersMs` for the answer to start (the hold, for
 * held calls) and `bodyMs` to read it. Aborting our own controller rather than passing
 * AbortSignal.timeout lets the body have a deadline of its own.
 */
async function exchange(
  fetchImpl: typeof fetch,
  method: 'GET' | 'POST',
  url: string,
  body: unknown,
  deadlines: { headersMs: number; bodyMs: number },
  signal?: AbortSignal,
): Promise<TExchange> {
  const ctrl = new AbortController()
  const stop = () => ctrl.abort()
  if (signal?.aborted) stop()
  else signal?.addEventListener('abort', stop, { once: true })
  let timedOut = false
  const arm = (ms: number) =>
    setTimeout(() => {
      timedOut = true
      ctrl.abort()
    }, ms)
  let timer = arm(deadlines.headersMs)
  try {
    let res: Response
    try {
      res = await fetchImpl(url, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: ctrl.signal,
      })
    } catch (e) {
      return { kind: 'no_answer', timedOut, error: e as Error }
    }
    clearTimeout(timer)
    timer = arm(deadlines.bodyMs)
    try {
      return { kind: 'answer', status: res.status, text: await readBounded(res) }
    } catch (e) {
      if (e instanceof TooLarge) throw e
      return { kind: 'no_answer', timedOut, error: e as Error }
    }
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', stop)
  }
}

function networkWhy(e: Error): string {
  const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause
  return `${e.message}${cause ? ` (${cause.code ?? cause.message ?? ''})` : ''}`
}

export function createEgovQrClient(conf: TEgovQrConf, fetchImpl: typeof fetch = fetch): TEgovQrClient {
  const base = conf.url.trim().replace(/\/+$/, '')
  const timeoutMs = conf.timeoutMs ?? EGOV_QR_DEFAULT_TIMEOUT_MS

  /** Sends, reads within the limit, and turns every error answer into an EgovQrError; what is left is a 2xx's JSON (null: empty body). */
  async function call(
    what: string,
    method: 'GET' | 'POST',
    url: string,
    body: unknown,
    deadlines: { headersMs: number; bodyMs: number },
    signal?: AbortSignal,
  ): Promise<{ kind: 'json'; json: unknown; status: number } | Extract<TExchange, { kind: 'no_answer' }>> {
    const where = `[${method} ${describeUrl(url)}]`
    let ex: TExchange
    try {
      ex = await exchange(fetchImpl, method, url, body, deadlines, signal)
    } catch (e) {
      throw new EgovQrError('bad_answer', `eGov QR ${what}: the answer is larger than ${EGOV_QR_MAX_ANSWER_BYTES} bytes ${where}`, { cause: e })
    }
    if (ex.kind === 'no_answer') return ex
    const { status, text } = ex

    let json: unknown
    try {
      json = text.trim() === '' ? null : (JSON.parse(text) as unknown)
    } catch {
      json = undefined
    }
    const message = errorMessageOf(json)
    if (message !== null) {
      // A 5xx with a message is the service failing, not the procedure being refused: worth retrying.
      const reason = status >= 500 ? 'failed' : 'refused'
      throw new EgovQrError(reason, `eGov QR ${what} refused (HTTP ${status}): ${excerpt(message)} ${where}`, { status, detail: message })
    }
    if (status < 200 || status > 299) {
      const hint = json === undefined ? ' (not an answer of the eGov QR service: check EGOV_QR_URL and what is in front of it)' : ''
      throw new EgovQrError('failed', `eGov QR ${what}: HTTP ${status}: ${excerpt(text) || 'empty answer'} ${where}${hint}`, { status })
    }
    if (json === undefined) throw new EgovQrError('bad_answer', `eGov QR ${what}: the answer is not JSON (HTTP ${status}): ${excerpt(text)} ${where}`, { status })
    return { kind: 'json', json, status }
  }

  function shapeError(what: string, url: string, status: number, issues: { path: PropertyKey[]; message: string }[]): EgovQrError {
    const list = issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ')
    return new EgovQrError('bad_answer', `eGov QR ${what}: unexpected answer shape (HTTP ${status}): ${list} [${describeUrl(url)}]`, { status })
  }

  /**
   * A proxy in front of a held request gives up with 504 when its own timeout is shorter
   * than the hold: for these calls that is the hold ending, not the service failing.
   */
  async function held(what: string, method: 'GET' | 'POST', url: string, body: unknown, opts: TEgovQrHoldOptions) {
    try {
      return await call(what, method, url, body, { headersMs: opts.waitMs, bodyMs: Math.max(timeoutMs, EGOV_QR_BODY_TIMEOUT_MS) }, opts.signal)
    } catch (e) {
      if (e instanceof EgovQrError && e.reason === 'failed' && e.providerStatus === 504) return 'pending' as const
      throw e
    }
  }

  return {
    async register(description) {
      const what = 'register'
      const url = `${base}${EGOV_QR_REGISTER_PATH}`
      const r = await call(what, 'POST', url, { description }, { headersMs: timeoutMs, bodyMs: timeoutMs })
      if (r.kind === 'no_answer') {
        if (r.timedOut) {
          throw new EgovQrError('timeout', `eGov QR ${what}: no answer within ${timeoutMs} ms [POST ${describeUrl(url)}] (check EGOV_QR_URL and that the service is up)`, {
            cause: r.error,
          })
        }
        throw new EgovQrError('unreachable', `eGov QR ${what}: ${networkWhy(r.error)} [POST ${describeUrl(url)}] (check EGOV_QR_URL)`, { cause: r.error })
      }
      const parsed = ZEgovQrRegisterAnswerSchema.safeParse(r.json)
      if (!parsed.success) throw shapeError(what, url, r.status, parsed.error.issues)
      return toProcedure(parsed.data)
    },

    async sendData(dataUrl, input, opts) {
      const r = await held('data', 'POST', dataUrl, toDataRequest(input), opts)
      if (r === 'pending' || r.kind === 'no_answer') return 'pending'
      // Accepted is a 2xx without a message; its body carries nothing we need, an empty one included.
      if (r.json !== null && (typeof r.json !== 'object' || Array.isArray(r.json))) {
        throw shapeError('data', dataUrl, r.status, [{ path: [], message: 'expected a JSON object' }])
      }
      return 'sent'
    },

    async collect(signUrl, opts) {
      const r = await held('signatures', 'GET', signUrl, undefined, opts)
      if (r === 'pending' || r.kind === 'no_answer') return 'pending'
      const parsed = ZEgovQrSignedAnswerSchema.safeParse(r.json)
      if (!parsed.success) throw shapeError('signatures', signUrl, r.status, parsed.error.issues)
      return { signatures: toSignatures(parsed.data) }
    },
  }
}
