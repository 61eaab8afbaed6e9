import { randomBytes } from 'node:crypto'
import QRCode from 'qrcode'
import { EGOV_QR_PDF_MIME, ZEgovQrDataRequestSchema, base64Bytes, type TEgovQrDataRequest, type TEgovQrSignMethod } from './protocol'

/**
 * A SIGEX-like eGov QR service in memory. Two sides drive it: an HTTP front (the test
 * fake, the sandbox routes) passes the provider's three requests through, and "the phone"
 * (the sandbox page playing eGov mobile, or a test) scans, signs or declines. The held
 * requests wait here on the procedure's state; when a hold ends without news the front
 * gets 'drop' and closes the connection without answering, as a proxy's timeout would,
 * so clients meet the same network failure they must survive live. Holds run on real
 * time; `now` rules the procedures' expiry only, so tests can jump past it.
 */

/** What an HTTP front answers: the status and the JSON body. */
export interface TEgovAnswer {
  status: number
  body: unknown
}

export const EGOV_EMULATOR_LIMITS = {
  /** Procedures kept; the oldest go first (the sandbox is open to anyone who can reach it). */
  procedures: 1000,
  descriptionChars: 500,
  /** Decoded bytes of one procedure's documents. */
  documentsBytes: 30 * 1024 * 1024,
  /** Base64 characters of documents and signatures kept across procedures; the oldest go first. */
  storedChars: 256 * 1024 * 1024,
  /** The most a front should read of a request body: the documents in base64 plus names and meta. */
  requestBytes: 42 * 1024 * 1024,
  /** Entries kept in `calls`. */
  calls: 1000,
} as const

export const EGOV_EMULATOR_MESSAGES = {
  unknown: 'Unknown procedure',
  expired: 'The QR code has expired',
  declined: 'The signer declined',
  dataSent: 'The data has already been sent',
} as const

export type TEgovPhoneState = 'waiting_scan' | 'waiting_data' | 'ready' | 'signed' | 'declined' | 'expired'

export interface TEgovPhoneDocument {
  id: number
  nameRu: string
  nameKz: string
  nameEn: string
  meta: Array<{ name: string; value: string }>
  pdf: boolean
  /** Decoded bytes. */
  size: number
}

/** What the phone page shows of a procedure. */
export interface TEgovPhoneView {
  id: string
  description: string
  state: TEgovPhoneState
  /** Milliseconds since the epoch, by the emulator's clock. */
  expiresAt: number
  signMethod?: TEgovQrSignMethod
  documents?: TEgovPhoneDocument[]
}

export interface TEgovEmulatorOptions {
  /** Where its HTTP front is mounted (`http://127.0.0.1:1234`, `https://app/sandbox/egov`); dataURL and signURL are built on it. */
  baseUrl: string
  /** What the QR encodes: the page that plays the phone for this procedure. */
  phoneUrl: (id: string) => string
  /** Lifetime of a procedure from its registration (default 180 s). */
  ttlMs?: number
  /** After the scan the person has this long to sign, counted from the scan. Unset: the registration's ttlMs still rules. */
  signTtlMs?: number
  /** How long a held request waits before the front must drop it (default 25 s, under common proxy timeouts). */
  holdMs?: number
  now?: () => number
}

export type TEgovEmulatorOp = 'register' | 'data' | 'signatures' | 'scan' | 'sign' | 'decline'

export interface TEgovEmulatorCall {
  op: TEgovEmulatorOp
  id?: string
  at: number
}

/** A phone action that cannot be done; `status` is what a sandbox route answers with. */
export class EgovEmulatorError extends Error {
  readonly status: number
  constructor(status: number, message: string) {
    super(message)
    this.name = 'EgovEmulatorError'
    this.status = status
  }
}

type TStage = 'waiting_scan' | 'waiting_data' | 'ready' | 'signed' | 'declined'

interface TProcedure {
  id: string
  description: string
  expiresAt: number
  stage: TStage
  request?: TEgovQrDataRequest
  signatures?: string[]
  /** Set while the phone's signDocument runs, so a second sign or a decline cannot cross it. */
  signing: boolean
  waiters: Set<() => void>
}

function message(status: number, text: string): TEgovAnswer {
  return { status, body: { message: text } }
}

function withQuery(url: string, key: string, value: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${key}=${encodeURIComponent(value)}`
}

function storedChars(p: TProcedure): number {
  let n = 0
  for (const d of p.request?.documentsToSign ?? []) n += d.document.file.data.length
  for (const s of p.signatures ?? []) n += s.length
  return n
}

export class EgovQrEmulator {
  readonly calls: TEgovEmulatorCall[] = []
  private readonly procedures = new Map<string, TProcedure>()
  private readonly baseUrl: string
  private readonly ttlMs: number
  private readonly holdMs: number
  private readonly now: () => number
  private holding = 0
  private closed = false

  constructor(private readonly opts: TEgovEmulatorOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '')
    this.ttlMs = opts.ttlMs ?? 180_000
    this.holdMs = opts.holdMs ?? 25_000
    this.now = opts.now ?? Date.now
  }

  /** Requests held right now (a test waits for its request to be parked before acting on the phone). */
  get held(): number {
    return this.holding
  }

  // --- the HTTP side ------------------------------------------------------------------

  /** POST /api/egovQr with `{description}`. */
  async register(body: unknown): Promise<TEgovAnswer> {
    const description = typeof body === 'object' && body !== null ? (body as { description?: unknown }).description : undefined
    if (typeof description !== 'string' || description.length > EGOV_EMULATOR_LIMITS.descriptionChars) {
      this.record('register')
      return message(400, typeof description !== 'string' ? 'description is required (a string)' : `description is longer than ${EGOV_EMULATOR_LIMITS.descriptionChars} characters`)
    }
    const id = randomBytes(18).toString('base64url')
    // With its id, so a test can play the phone for the procedure it just caused.
    this.record('register', id)
    const phone = this.opts.phoneUrl(id)
    const png = await QRCode.toBuffer(phone, { type: 'png', errorCorrectionLevel: 'M' })

    while (this.procedures.size >= EGOV_EMULATOR_LIMITS.procedures) this.evictOldest()
    const p: TProcedure = { id, description, expiresAt: this.now() + this.ttlMs, stage: 'waiting_scan', signing: false, waiters: new Set() }
    this.procedures.set(id, p)
    const url = `${this.baseUrl}/api/egovQr/${id}`
    return {
      status: 200,
      body: {
        qrCode: png.toString('base64'),
        dataURL: url,
        signURL: url,
        eGovMobileLaunchLink: withQuery(phone, 'app', 'mobile'),
        eGovBusinessLaunchLink: withQuery(phone, 'app', 'business'),
        expireAt: p.expiresAt,
      },
    }
  }

  /**
   * POST {dataURL}: held until the phone has scanned. The body is checked before the
   * hold, so a bad request fails at once rather than after someone scanned.
   */
  async postData(id: string, body: unknown, signal?: AbortSignal): Promise<TEgovAnswer | 'drop'> {
    this.record('data', id)
    const p = this.procedures.get(id)
    if (!p) return message(404, EGOV_EMULATOR_MESSAGES.unknown)
    const ended = this.endedAnswer(p)
    if (ended) return ended
    if (p.stage !== 'waiting_scan' && p.stage !== 'waiting_data') return message(409, EGOV_EMULATOR_MESSAGES.dataSent)

    const parsed = ZEgovQrDataRequestSchema.safeParse(body)
    if (!parsed.success) {
      const list = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ')
      return message(400, `Bad data request: ${list.slice(0, 500)}`)
    }
    const bytes = parsed.data.documentsToSign.reduce((n, d) => n + base64Bytes(d.document.file.data), 0)
    if (bytes > EGOV_EMULATOR_LIMITS.documentsBytes) return message(413, `The documents are larger than ${EGOV_EMULATOR_LIMITS.documentsBytes} bytes`)

    return this.hold(id, signal, (q) => {
      const end = this.endedAnswer(q)
      if (end) return end
      if (q.stage === 'waiting_scan') return null
      if (q.stage !== 'waiting_data') return message(409, EGOV_EMULATOR_MESSAGES.dataSent)
      q.request = parsed.data
      q.stage = 'ready'
      this.keepWithinStorage(q)
      this.wake(q)
      return { status: 200, body: {} }
    })
  }

  /** GET {signURL}: held until the person has signed, declined, or the procedure expired. */
  async getSignatures(id: string, signal?: AbortSignal): Promise<TEgovAnswer | 'drop'> {
    this.record('signatures', id)
    return this.hold(id, signal, (p) => {
      if (p.stage === 'signed' && p.request && p.signatures) {
        const signatures = p.signatures
        return {
          status: 200,
          body: {
            documentsToSign: p.request.documentsToSign.map((d, i) => ({ ...d, document: { file: { ...d.document.file, data: signatures[i] } } })),
          },
        }
      }
      return this.endedAnswer(p)
    })
  }

  // --- the phone ----------------------------------------------------------------------

  view(id: string): TEgovPhoneView | null {
    const p = this.procedures.get(id)
    return p ? this.toView(p) : null
  }

  /** One received document's bytes, for the phone page to show. */
  documentData(id: string, documentId: number): { data: Uint8Array; pdf: boolean } | null {
    const d = this.procedures.get(id)?.request?.documentsToSign.find((x) => x.id === documentId)
    return d ? { data: Buffer.from(d.document.file.data, 'base64'), pdf: d.document.file.mime === EGOV_QR_PDF_MIME } : null
  }

  /** The QR is scanned: a held data request goes through, and one arriving later is taken at once. */
  scan(id: string): TEgovPhoneView {
    this.record('scan', id)
    const p = this.expect(id, ['waiting_scan'], 'already scanned')
    p.stage = 'waiting_data'
    if (this.opts.signTtlMs !== undefined) p.expiresAt = this.now() + this.opts.signTtlMs
    this.wake(p)
    return this.toView(p)
  }

  /**
   * The person signs: signDocument plays the phone's NCA key, once per document in order,
   * with `attach` when the CMS must carry the document. A held signature request gets the
   * result. Throws what signDocument throws, leaving the procedure ready to try again.
   */
  async sign(id: string, signDocument: (data: Uint8Array, attach: boolean) => Promise<Uint8Array>): Promise<TEgovPhoneView> {
    this.record('sign', id)
    const p = this.expect(id, ['ready'], 'not waiting for a signature')
    const request = p.request!
    p.signing = true
    try {
      const attach = request.signMethod === 'CMS_WITH_DATA'
      const signatures: string[] = []
      for (const d of request.documentsToSign) {
        const cms = await signDocument(Buffer.from(d.document.file.data, 'base64'), attach)
        if (cms.byteLength === 0) throw new Error(`eGov emulator: signDocument returned no bytes for document ${d.id}`)
        signatures.push(Buffer.from(cms.buffer, cms.byteOffset, cms.byteLength).toString('base64'))
      }
      // Evicted while the phone was signing: nobody can collect it any more.
      if (this.procedures.get(id) !== p) throw new EgovEmulatorError(404, EGOV_EMULATOR_MESSAGES.unknown)
      p.signatures = signatures
      p.stage = 'signed'
      this.keepWithinStorage(p)
      this.wake(p)
    } finally {
      p.signing = false
    }
    return this.toView(p)
  }

  /** The person refuses on the phone: the signature request answers with a message, as SIGEX's client expects. */
  decline(id: string): TEgovPhoneView {
    this.record('decline', id)
    const p = this.expect(id, ['waiting_data', 'ready'], 'not waiting for the signer')
    p.stage = 'declined'
    this.wake(p)
    return this.toView(p)
  }

  /** Ends every hold ('drop'), for a front that is shutting down. Later holds drop at once. */
  close(): void {
    this.closed = true
    for (const p of this.procedures.values()) this.wake(p)
  }

  // --- inside -------------------------------------------------------------------------

  private record(op: TEgovEmulatorOp, id?: string): void {
    this.calls.push({ op, ...(id === undefined ? {} : { id }), at: this.now() })
    if (this.calls.length > EGOV_EMULATOR_LIMITS.calls) this.calls.splice(0, this.calls.length - EGOV_EMULATOR_LIMITS.calls)
  }

  private stateOf(p: TProcedure): TEgovPhoneState {
    if (p.stage === 'signed' || p.stage === 'declined') return p.stage
    return this.now() > p.expiresAt ? 'expired' : p.stage
  }

  /** A finished procedure's answer to any held request; signed is not "ended" here, each request words it its own way. */
  private endedAnswer(p: TProcedure): TEgovAnswer | null {
    const state = this.stateOf(p)
    // HTTP 200 with a message, as SIGEX's client reads refusals from the body.
    if (state === 'declined') return message(200, EGOV_EMULATOR_MESSAGES.declined)
    if (state === 'expired') return message(410, EGOV_EMULATOR_MESSAGES.expired)
    return null
  }

  private expect(id: string, stages: TStage[], what: string): TProcedure {
    const p = this.procedures.get(id)
    if (!p) throw new EgovEmulatorError(404, EGOV_EMULATOR_MESSAGES.unknown)
    const state = this.stateOf(p)
    if (state === 'expired') throw new EgovEmulatorError(410, EGOV_EMULATOR_MESSAGES.expired)
    if (!stages.includes(p.stage) || p.signing) throw new EgovEmulatorError(409, `The procedure is ${p.signing ? 'being signed' : state}: ${what}`)
    return p
  }

  private toView(p: TProcedure): TEgovPhoneView {
    const r = p.request
    return {
      id: p.id,
      description: p.description,
      state: this.stateOf(p),
      expiresAt: p.expiresAt,
      ...(r
        ? {
            signMethod: r.signMethod,
            documents: r.documentsToSign.map((d) => ({
              id: d.id,
              nameRu: d.nameRu,
              nameKz: d.nameKz,
              nameEn: d.nameEn,
              meta: d.meta.map((m) => ({ ...m })),
              pdf: d.document.file.mime === EGOV_QR_PDF_MIME,
              size: base64Bytes(d.document.file.data),
            })),
          }
        : {}),
    }
  }

  private evictOldest(except?: TProcedure): boolean {
    for (const p of this.procedures.values()) {
      if (p === except) continue
      this.procedures.delete(p.id)
      // Its held requests look again, find nothing and answer 404.
      this.wake(p)
      return true
    }
    return false
  }

  /** The procedure count bounds the entries, not the bytes: 1000 procedures of 30 MiB would not fit in a sandbox. */
  private keepWithinStorage(keep: TProcedure): void {
    let total = 0
    for (const p of this.procedures.values()) total += storedChars(p)
    while (total > EGOV_EMULATOR_LIMITS.storedChars) {
      const oldest = [...this.procedures.values()].find((p) => p !== keep)
      if (!oldest) return
      total -= storedChars(oldest)
      this.evictOldest(keep)
    }
  }

  private wake(p: TProcedure): void {
    for (const w of [...p.waiters]) w()
  }

  /**
   * Parks a request until `evaluate` gives an answer: it is asked now and after every
   * change of the procedure, and once more when the procedure is due to expire. The hold
   * ends with 'drop' after holdMs, when the client goes away (`signal`) or on close().
   */
  private async hold(id: string, signal: AbortSignal | undefined, evaluate: (p: TProcedure) => TEgovAnswer | null): Promise<TEgovAnswer | 'drop'> {
    const until = Date.now() + this.holdMs
    this.holding++
    try {
      for (;;) {
        const p = this.procedures.get(id)
        if (!p) return message(404, EGOV_EMULATOR_MESSAGES.unknown)
        const answer = evaluate(p)
        if (answer) return answer
        const left = until - Date.now()
        if (this.closed || signal?.aborted || left <= 0) return 'drop'
        const toExpiry = Math.max(1, p.expiresAt - this.now() + 1)
        await this.sleep(p, Math.min(left, toExpiry), signal)
      }
    } finally {
      this.holding--
    }
  }

  private sleep(p: TProcedure, ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        p.waiters.delete(done)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      p.waiters.add(done)
      signal?.addEventListener('abort', done, { once: true })
    })
  }
}
