import { randomUUID } from 'node:crypto'
import { startWaitJob } from '../../events'
import { createEgovQrClient, egovFailure, egovQrMode, followEgovProcedure, qrDataUrl, scanDeadlineOf, type TEgovQrClient } from '../../integrations'
import { useConfig } from '../../lib/config'
import { AppError } from '../../lib/errors'
import { hashLinkToken, newLinkToken } from '../../lib/link-token'
import { enforceRateLimit, type TRateLimitRule } from '../../lib/rate-limit'
import { useRedis } from '../../lib/redis'
import { EGOV_SIGN_FINAL, type TEgovSignSession, type TEgovSignStatus } from '../../../shared/signing'
import { challengeExpired, challengeText, loginWithCertificate } from './certificate-login'
import { LIMITS } from './limits'
import { UUID } from './tokens'
import type { TLoginResult } from './login'
import type { TRequestMeta } from './meta'

/**
 * Sign-in with a qualified certificate through eGov mobile by QR: the challenge of
 * `…/certificate/challenge` goes to the phone instead of NCALayer. The procedure lives in
 * Redis for its few minutes (nothing of it outlives a sign-in); the worker's job
 * (auth.egovQrLogin, waits queue) follows it with followEgovProcedure and keeps the CMS the
 * phone made; the browser that started it, and only it (the secret it got at the start),
 * then signs in with that CMS through loginWithCertificate: the same verification, account
 * lookup, limits, history and cookies as NCALayer's sign-in.
 */
const RECORD_SECONDS = 20 * 60
/** The challenge outlives the QR: scanning and signing on a phone take minutes. */
const CHALLENGE_KEEP_SECONDS = 20 * 60
/** The page asks every two seconds: far more than the sign-in limit, bounded on its own. */
const LOOKUP: TRateLimitRule = { name: 'egov-login-look:ip', limit: 900, windowMs: 15 * 60_000 }

interface TRecord {
  challengeId: string
  secretHash: string
  dataUrl: string
  signUrl: string
  qrCode: string
  mobileLink: string | null
  businessLink: string | null
  status: TEgovSignStatus
  scanDeadline: string
  signDeadline: string | null
  error: { key: string; params: Record<string, unknown> } | null
  cms: string | null
}

const key = (id: string) => `${useConfig().REDIS_PREFIX}:auth:egov-login:${id}`

async function read(id: string): Promise<TRecord | null> {
  if (!UUID.test(id)) return null
  const raw = await useRedis().get(key(id))
  return raw ? (JSON.parse(raw) as TRecord) : null
}

async function write(id: string, r: TRecord): Promise<void> {
  // KEEPTTL: a change does not give the procedure more life.
  await useRedis().set(key(id), JSON.stringify(r), 'KEEPTTL')
}

/** Changes an open record; a closed one (cancelled, finished) stays as it is. */
async function update(id: string, change: Partial<TRecord>): Promise<void> {
  const r = await read(id)
  if (!r || EGOV_SIGN_FINAL.includes(r.status)) return
  await write(id, { ...r, ...change })
}

function notFound(): AppError {
  return AppError.notFound('QR sign-in', { messageKey: 'errors.auth.egov_login_not_found' })
}

function client(): TEgovQrClient {
  const mode = egovQrMode()
  if (!mode) {
    throw new AppError('UNAVAILABLE', 'Signing with eGov mobile is not configured on this server (EGOV_QR_URL or EGOV_QR_SANDBOX_CA).', {
      messageKey: 'errors.egov.not_configured',
      params: { reason: 'egov_off' },
    })
  }
  return createEgovQrClient({ url: mode.url })
}

function view(id: string, r: TRecord): TEgovSignSession {
  return {
    id,
    status: r.status,
    qrImage: qrDataUrl(r.qrCode),
    mobileLink: r.mobileLink,
    businessLink: r.businessLink,
    scanDeadline: r.scanDeadline,
    signDeadline: r.signDeadline,
    error: r.error,
  }
}

/** Whether sign-in by QR is offered (a service or its sandbox is configured); bounded like the lookups. */
export async function egovLoginAvailable(ip: string | null): Promise<boolean> {
  await enforceRateLimit(LOOKUP, ip ?? 'unknown')
  return egovQrMode() !== null
}

/** A QR that signs the challenge on the phone; the answer's `secret` is what completes the sign-in. */
export async function startEgovLogin(meta: TRequestMeta, challengeId: string): Promise<TEgovSignSession & { secret: string }> {
  await enforceRateLimit(LIMITS.loginIp, meta.ip ?? 'unknown')
  const c = client()
  if (!(await challengeText(challengeId, CHALLENGE_KEEP_SECONDS))) throw challengeExpired()
  const procedure = await c.register('Dogovor24: вход / кіру / sign-in')
  const id = randomUUID()
  const secret = newLinkToken()
  const record: TRecord = {
    challengeId,
    secretHash: hashLinkToken(secret),
    dataUrl: procedure.dataUrl,
    signUrl: procedure.signUrl,
    qrCode: procedure.qrCode,
    mobileLink: procedure.mobileLink,
    businessLink: procedure.businessLink,
    status: 'waiting_scan',
    scanDeadline: scanDeadlineOf(procedure.expiresAt).toISOString(),
    signDeadline: null,
    error: null,
    cms: null,
  }
  await useRedis().set(key(id), JSON.stringify(record), 'EX', RECORD_SECONDS)
  await startWaitJob('auth.egovQrLogin', { id }, { jobId: `egov-login-${id}` })
  return { ...view(id, record), secret }
}

/** Where a QR sign-in stands (public: the id is a random UUID and the view carries no CMS). */
export async function getEgovLogin(id: string, ip: string | null): Promise<TEgovSignSession> {
  await enforceRateLimit(LOOKUP, ip ?? 'unknown')
  const r = await read(id)
  if (!r) throw notFound()
  return view(id, r)
}

async function owned(id: string, secret: string): Promise<TRecord> {
  const r = await read(id)
  if (!r || r.secretHash !== hashLinkToken(secret)) throw notFound()
  return r
}

export async function cancelEgovLogin(id: string, secret: string, ip: string | null): Promise<TEgovSignSession> {
  await enforceRateLimit(LOOKUP, ip ?? 'unknown')
  const r = await owned(id, secret)
  if (!EGOV_SIGN_FINAL.includes(r.status)) await write(id, { ...r, status: 'cancelled' })
  return view(id, (await read(id)) ?? r)
}

/**
 * The browser that started the QR signs in with the CMS the phone made: 409
 * `egov_login_not_signed` before that; then exactly as `…/certificate/login` (its refusals
 * included). One use: the record is gone after it, whatever the answer.
 */
export async function completeEgovLogin(id: string, secret: string, meta: TRequestMeta & { deviceId?: string | null }): Promise<TLoginResult> {
  await enforceRateLimit(LIMITS.loginIp, meta.ip ?? 'unknown')
  const r = await owned(id, secret)
  if (r.status !== 'signed' || !r.cms) {
    throw new AppError('CONFLICT', 'The phone has not signed yet.', { messageKey: 'errors.auth.egov_login_not_signed', params: { reason: 'not_signed', status: r.status } })
  }
  await useRedis().del(key(id))
  return loginWithCertificate({ challengeId: r.challengeId, cms: r.cms }, meta)
}

/** The worker's side (job auth.egovQrLogin): the challenge to the phone, its CMS back into the record. */
export async function runEgovLogin(id: string, ctx: { signal: AbortSignal; postpone: (ms: number) => Promise<never> }): Promise<TEgovSignStatus | 'gone'> {
  const first = await read(id)
  if (!first) return 'gone'
  try {
    await followEgovProcedure({
      client,
      dataUrl: first.dataUrl,
      signUrl: first.signUrl,
      signal: ctx.signal,
      postpone: ctx.postpone,
      state: async () => {
        const r = await read(id)
        return {
          phase: !r || EGOV_SIGN_FINAL.includes(r.status) ? 'closed' : r.status === 'waiting_scan' ? 'waiting_scan' : 'waiting_signature',
          scanDeadline: new Date(r?.scanDeadline ?? 0),
          signDeadline: r?.signDeadline ? new Date(r.signDeadline) : null,
        }
      },
      documents: async () => {
        const text = await challengeText(first.challengeId)
        if (!text) throw challengeExpired()
        const name = 'Dogovor24: вход / кіру / sign-in'
        return [{ names: { ru: name, kk: name, en: name }, data: new Uint8Array(Buffer.from(text, 'utf8')), pdf: false }]
      },
      scanned: (signDeadline) => update(id, { status: 'waiting_signature', signDeadline: signDeadline.toISOString() }),
      signed: async (signatures) => {
        // Checked when the browser signs in with it (loginWithCertificate): that is where a refusal is read.
        if (signatures.length !== 1) return update(id, { status: 'failed', error: { key: 'errors.egov.bad_answer', params: { count: signatures.length } } })
        return update(id, { status: 'signed', cms: signatures[0]! })
      },
      ended: (end) => update(id, end.kind === 'expired' ? { status: 'expired' } : { status: 'failed', error: egovFailure(end.error) }),
    })
  } catch (e) {
    if (e instanceof AppError && e.status < 500) await update(id, { status: 'failed', error: { key: e.messageKey, params: e.params ?? {} } })
    else throw e
  }
  return (await read(id))?.status ?? 'gone'
}
