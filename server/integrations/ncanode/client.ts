import { AppError } from '../../lib/errors'
import {
  NCANODE_REVOCATION_CHECK,
  NcaNodeShapeError,
  ZNcaNodeCmsVerifySchema,
  ZNcaNodeErrorSchema,
  ZNcaNodeX509InfoSchema,
  toCertificates,
  toVerification,
} from './protocol'
import type { TNcaNodeCertificates, TNcaNodeVerification, TNcaNodeVerifyCmsInput } from './types'

/**
 * The live NCANode v3 client: POST JSON to /cms/verify and /x509/info. It speaks the
 * protocol only; ./index.ts adds the configuration and the integration outbox.
 */
export interface TNcaNodeConf {
  /** NCANode's base URL (`http://ncanode:14579`); user:password in it becomes Basic auth (a proxy in front of NCANode). */
  url: string
  /** Per request. OCSP and a first CRL download happen inside NCANode's answer, so this is generous. */
  timeoutMs?: number
}

export const NCANODE_DEFAULT_TIMEOUT_MS = 30_000

/**
 * Why a call failed. `rejected`: NCANode answered 4xx in its own format (a malformed CMS,
 * data that does not match): the input's fault, retrying changes nothing. `failed`: it
 * answered 5xx or something that is not NCANode's error format. `unreachable`/`timeout`:
 * no answer. `bad_answer`: a 2xx we cannot read. `not_configured`: NCANODE_URL is empty.
 */
export type TNcaNodeFailure = 'not_configured' | 'unreachable' | 'timeout' | 'rejected' | 'failed' | 'bad_answer'

export const NCANODE_RETRY_AFTER_SECONDS = 30

/**
 * An AppError, so the HTTP layer answers it by itself: `rejected` is BAD_REQUEST (400),
 * `bad_answer` INTERNAL, the rest UNAVAILABLE (503, with Retry-After when trying again
 * can help). `ncanodeStatus` is NCANode's status (0: no answer), `detail` its message.
 */
export class NcaNodeError extends AppError {
  readonly reason: TNcaNodeFailure
  readonly ncanodeStatus: number
  readonly detail?: string
  declare readonly params: Record<string, unknown>

  constructor(reason: TNcaNodeFailure, message: string, opts: { status?: number; detail?: string; cause?: unknown } = {}) {
    const retryable = reason === 'unreachable' || reason === 'timeout' || reason === 'failed'
    const code = reason === 'rejected' ? 'BAD_REQUEST' : reason === 'bad_answer' ? 'INTERNAL' : 'UNAVAILABLE'
    super(code, message, {
      messageKey: `errors.${code.toLowerCase()}`,
      params: { provider: 'ncanode', reason, ...(opts.status ? { status: opts.status } : {}) },
      ...(retryable ? { retryAfter: NCANODE_RETRY_AFTER_SECONDS } : {}),
      cause: opts.cause,
    })
    this.name = 'NcaNodeError'
    this.reason = reason
    this.ncanodeStatus = opts.status ?? 0
    this.detail = opts.detail
  }

  get retryable(): boolean {
    return this.retryAfter !== undefined
  }
}

export interface TNcaNodeClient {
  verifyCms: (input: TNcaNodeVerifyCmsInput) => Promise<TNcaNodeVerification>
  /** Certificates (base64 DER) checked alone: chain, dates, revocation. */
  x509Info: (certs: string[]) => Promise<TNcaNodeCertificates>
}

const EXCERPT = 300

function excerpt(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim()
  return t.length > EXCERPT ? `${t.slice(0, EXCERPT)}…` : t
}

/** The base without credentials (fetch refuses URLs carrying them) and the Authorization they stand for. */
function endpoint(raw: string): { base: string; authorization?: string } {
  const u = new URL(raw.trim())
  let authorization: string | undefined
  if (u.username || u.password) {
    authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`
    u.username = ''
    u.password = ''
  }
  const base = u.toString().replace(/\/+$/, '')
  return { base, authorization }
}

export function createNcaNodeClient(conf: TNcaNodeConf, fetchImpl: typeof fetch = fetch): TNcaNodeClient {
  const { base, authorization } = endpoint(conf.url)
  const timeoutMs = conf.timeoutMs ?? NCANODE_DEFAULT_TIMEOUT_MS

  async function post(path: string, body: object): Promise<unknown> {
    const url = `${base}${path}`
    let status: number
    let text: string
    try {
      const res = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
      status = res.status
      text = await res.text()
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } }
      if (err.name === 'TimeoutError' || err.name === 'AbortError') {
        throw new NcaNodeError('timeout', `NCANode ${path}: no answer within ${timeoutMs} ms (NCANODE_TIMEOUT_MS) [POST ${url}]`, { cause: e })
      }
      const why = `${err.message}${err.cause ? ` (${err.cause.code ?? err.cause.message ?? ''})` : ''}`
      throw new NcaNodeError('unreachable', `NCANode ${path}: ${why} [POST ${url}] (check NCANODE_URL)`, { cause: e })
    }

    let json: unknown
    try {
      json = text.trim() === '' ? null : (JSON.parse(text) as unknown)
    } catch {
      json = undefined
    }
    // NCANode repeats its HTTP status in the body; a 200 whose body says otherwise is an error too.
    const err = ZNcaNodeErrorSchema.safeParse(json)
    const bodyStatus = err.success ? err.data.status : undefined
    const failedStatus = status >= 400 ? status : bodyStatus !== undefined && bodyStatus >= 400 ? bodyStatus : undefined
    if (failedStatus !== undefined) {
      const detail = err.success ? (err.data.message ?? err.data.details ?? undefined) : undefined
      // A 4xx in NCANode's format is about our input; a bare 404 page means NCANODE_URL points elsewhere.
      const reason = failedStatus < 500 && err.success ? 'rejected' : 'failed'
      const hint = err.success ? '' : ' (not an NCANode answer: check NCANODE_URL)'
      throw new NcaNodeError(reason, `NCANode ${path} refused (HTTP ${failedStatus}): ${detail ?? (excerpt(text) || 'empty answer')}${hint}`, {
        status: failedStatus,
        detail,
      })
    }
    if (status < 200 || status > 299) {
      throw new NcaNodeError('failed', `NCANode ${path}: unexpected HTTP ${status}: ${excerpt(text) || 'empty answer'}`, { status })
    }
    if (json === undefined) throw new NcaNodeError('bad_answer', `NCANode ${path}: the answer is not JSON (HTTP ${status}): ${excerpt(text)}`, { status })
    return json
  }

  function shapeError(path: string, issues: { path: PropertyKey[]; message: string }[]): NcaNodeError {
    const list = issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ')
    return new NcaNodeError('bad_answer', `NCANode ${path}: unexpected answer shape: ${list}`, { status: 200 })
  }

  function mapped<T>(path: string, map: () => T): T {
    try {
      return map()
    } catch (e) {
      if (e instanceof NcaNodeShapeError) throw new NcaNodeError('bad_answer', `NCANode ${path}: ${e.message}`, { status: 200, cause: e })
      throw e
    }
  }

  return {
    async verifyCms(input) {
      const path = '/cms/verify'
      const body = { cms: input.cms, ...(input.data !== undefined ? { data: input.data } : {}), revocationCheck: [...NCANODE_REVOCATION_CHECK] }
      const parsed = ZNcaNodeCmsVerifySchema.safeParse(await post(path, body))
      if (!parsed.success) throw shapeError(path, parsed.error.issues)
      return mapped(path, () => toVerification(parsed.data))
    },

    async x509Info(certs) {
      const path = '/x509/info'
      const parsed = ZNcaNodeX509InfoSchema.safeParse(await post(path, { certs, revocationCheck: [...NCANODE_REVOCATION_CHECK] }))
      if (!parsed.success) throw shapeError(path, parsed.error.issues)
      return mapped(path, () => toCertificates(parsed.data))
    },
  }
}
