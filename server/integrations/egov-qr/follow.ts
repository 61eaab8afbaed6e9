import { useConfig } from '../../lib/config'
import { useLogger } from '../../lib/log'
import { EgovQrError, type TEgovQrClient, type TEgovQrDocument } from './client'

const log = useLogger('egov-qr')

/**
 * Following one QR procedure from the worker, whoever owns it (a file's signature, a sign-in):
 * rounds of one held request each until the phone has taken the documents, then until it has
 * signed, a deadline passed or the owner closed it. The owner keeps the state (a table, Redis)
 * and says through `state()` where it stands, so a run that restarts after a crash resumes the
 * right half. A refusal (expired, declined on the phone, a bad answer) ends it at once; an
 * outage (5xx, unreachable) is waited out until the deadline and then named.
 */
export interface TEgovFollowState {
  phase: 'waiting_scan' | 'waiting_signature' | 'closed'
  scanDeadline: Date
  signDeadline: Date | null
}

export type TEgovFollowEnd = { kind: 'expired' } | { kind: 'failed'; error: EgovQrError }

export interface TEgovFollow {
  client: () => TEgovQrClient
  dataUrl: string
  signUrl: string
  /** The longest one held request may wait before the next round asks again; default EGOV_QR_POLL_MS. */
  pollMs?: number
  /** Minutes to sign after the scan; default EGOV_QR_SIGN_MINUTES. */
  signMinutes?: number
  /** true: the signatures carry the documents (CMS_WITH_DATA). */
  attach?: boolean
  state: () => Promise<TEgovFollowState>
  /** Read once, when they are first handed over. */
  documents: () => Promise<TEgovQrDocument[]>
  /** The phone has the documents: the owner records the new phase and its deadline. */
  scanned: (signDeadline: Date) => Promise<void>
  /** The signatures, in document order, for the owner to verify and keep. */
  signed: (signatures: string[]) => Promise<void>
  ended: (end: TEgovFollowEnd) => Promise<void>
  /** The worker is stopping: `postpone` ends this run so another worker resumes it. */
  signal: AbortSignal
  postpone: (ms: number) => Promise<never>
}

/** A round that came back at once (a refused connection) waits this long before the next. */
const MIN_ROUND_MS = 1000
/** Between rounds while the provider answers 5xx or cannot be reached. */
const OUTAGE_ROUND_MS = 5000

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const t = setTimeout(done, ms)
    function done() {
      clearTimeout(t)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

export async function followEgovProcedure(f: TEgovFollow): Promise<void> {
  const cfg = useConfig()
  const pollMs = f.pollMs ?? cfg.EGOV_QR_POLL_MS
  const signMinutes = f.signMinutes ?? cfg.EGOV_QR_SIGN_MINUTES
  let documents: TEgovQrDocument[] | undefined
  let outage: EgovQrError | undefined
  for (;;) {
    const s = await f.state()
    if (s.phase === 'closed') return
    if (f.signal.aborted) await f.postpone(1000)
    const started = Date.now()
    const deadline = s.phase === 'waiting_scan' ? s.scanDeadline.getTime() : (s.signDeadline?.getTime() ?? started)
    if (started >= deadline) {
      await f.ended(outage ? { kind: 'failed', error: outage } : { kind: 'expired' })
      continue
    }
    const waitMs = Math.max(1000, Math.min(pollMs, deadline - started))
    try {
      const c = f.client()
      if (s.phase === 'waiting_scan') {
        documents ??= await f.documents()
        const sent = await c.sendData(f.dataUrl, { attach: f.attach ?? false, documents }, { waitMs, signal: f.signal })
        outage = undefined
        if (sent === 'sent') await f.scanned(new Date(Date.now() + signMinutes * 60_000))
      } else {
        const got = await c.collect(f.signUrl, { waitMs, signal: f.signal })
        outage = undefined
        if (got !== 'pending') {
          // The owner may have closed it while the phone signed: then the signatures are not kept.
          if ((await f.state()).phase !== 'closed') await f.signed(got.signatures)
          continue
        }
      }
    } catch (e) {
      if (!(e instanceof EgovQrError)) throw e
      if (!e.retryable) {
        await f.ended({ kind: 'failed', error: e })
        continue
      }
      if (!outage) log.warn('eGov QR service failing, waiting it out until the deadline', { reason: e.reason, err: e.message })
      outage = e
      await pause(OUTAGE_ROUND_MS, f.signal)
      continue
    }
    const spent = Date.now() - started
    if (spent < MIN_ROUND_MS) await pause(MIN_ROUND_MS - spent, f.signal)
  }
}

/** When the provider gives no expiry: SIGEX-style QR codes live about three minutes. */
const DEFAULT_SCAN_MS = 3 * 60_000
const MIN_SCAN_MS = 30_000
const MAX_SCAN_MS = 15 * 60_000

/** Until when a just registered QR may be scanned: the provider's expiry, kept within 30 s–15 min of `now`. */
export function scanDeadlineOf(expiresAt: Date | null, now: number = Date.now()): Date {
  const until = expiresAt ? expiresAt.getTime() : now + DEFAULT_SCAN_MS
  return new Date(Math.min(Math.max(until, now + MIN_SCAN_MS), now + MAX_SCAN_MS))
}

/** The message key and params a person reads for how a procedure ended in failure. */
export function egovFailure(error: EgovQrError): { key: string; params: Record<string, unknown> } {
  return { key: `errors.egov.${error.reason}`, params: { detail: (error.detail ?? error.message).slice(0, 300) } }
}

/** The provider's QR (base64: GIF at SIGEX, PNG from our sandbox) as an image data URL for a page. */
export function qrDataUrl(b64: string): string {
  const type = b64.startsWith('R0lGOD') ? 'image/gif' : b64.startsWith('/9j/') ? 'image/jpeg' : 'image/png'
  return `data:${type};base64,${b64}`
}
