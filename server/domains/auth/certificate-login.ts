import { randomBytes, randomUUID } from 'node:crypto'
import { publish } from '../../events'
import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { loadTrustStore, verifyCms } from '../../lib/pki'
import { enforceRateLimit } from '../../lib/rate-limit'
import { useRedis } from '../../lib/redis'
import { forbidden } from './auth-errors'
import { newDeviceId, rememberDevice } from './device'
import { issueSession } from './issue-session'
import { LIMITS } from './limits'
import type { TLoginResult } from './login'
import type { TRequestMeta } from './meta'
import { toPublicUser } from './public-user'
import { announceSessions } from './session-signals'

const CHALLENGE_SECONDS = 5 * 60
const key = (id: string) => `${useConfig().REDIS_PREFIX}:auth:cert-challenge:${id}`

/** A one-time text for NCALayer (or eGov mobile) to sign: the proof that the key is at hand now. */
export async function issueCertificateChallenge(meta: TRequestMeta): Promise<{ challengeId: string; challenge: string; expiresAt: string }> {
  await enforceRateLimit(LIMITS.loginIp, meta.ip ?? 'unknown')
  const challengeId = randomUUID()
  const text = `Dogovor24 sign-in ${randomBytes(16).toString('hex')} ${new Date().toISOString()}`
  await useRedis().set(key(challengeId), text, 'EX', CHALLENGE_SECONDS)
  return { challengeId, challenge: Buffer.from(text, 'utf8').toString('base64'), expiresAt: new Date(Date.now() + CHALLENGE_SECONDS * 1000).toISOString() }
}

/** The challenge's text while it is unused (null when expired or used); `keepSeconds` extends its life (a QR sign-in takes longer than a click). */
export async function challengeText(challengeId: string, keepSeconds?: number): Promise<string | null> {
  const redis = useRedis()
  const text = await redis.get(key(challengeId))
  if (text && keepSeconds) await redis.expire(key(challengeId), keepSeconds)
  return text
}

export function challengeExpired(): AppError {
  return new AppError('CONFLICT', 'The text to sign has expired or was used: start again.', {
    messageKey: 'errors.auth.challenge_expired',
    params: { reason: 'challenge_expired' },
  })
}

function certificateUnknown(iin: string | null, name: string | null): AppError {
  return new AppError('NOT_FOUND', 'No account is linked to this certificate or its IIN yet: create one, or sign in with a password and sign in with the certificate then.', {
    messageKey: 'errors.auth.certificate_unknown',
    params: { reason: 'certificate_unknown', iin, name },
  })
}

/**
 * Sign-in with a qualified certificate: the CMS of the challenge is verified like any
 * signature (chain to the trusted NCA roots, validity, revocation where reachable; an
 * authentication or a signing key). The account is the one the certificate was linked to,
 * else the one active account whose IIN is the certificate's (then the certificate is
 * linked to it). No match: 404 `certificate_unknown` with the IIN and name to prefill a
 * sign-up. Same per-IP limit, session, login history and UserLoggedIn as a password.
 */
export async function loginWithCertificate(input: { challengeId: string; cms: string }, meta: TRequestMeta & { deviceId?: string | null }): Promise<TLoginResult> {
  await enforceRateLimit(LIMITS.loginIp, meta.ip ?? 'unknown')
  const text = await useRedis().getdel(key(input.challengeId))
  if (!text) throw challengeExpired()
  const result = await verifyCms(input.cms, { data: Buffer.from(text, 'utf8'), trust: loadTrustStore(), revocation: { mode: 'crl' } })
  const signer = result.signers[0]
  if (!result.valid || !signer) {
    const problem = result.problem ?? 'no_signers'
    throw new AppError('UNAUTHENTICATED', `The signature did not pass the check: ${problem}.`, {
      messageKey: `errors.signature.${problem}`,
      params: { reason: 'invalid_credentials', problem },
    })
  }
  const cert = signer.certificate
  const db = useDb()
  const linked = await db.userCertificate.findUnique({ where: { serialNumber_issuerDn: { serialNumber: cert.serialNumber, issuerDn: cert.issuerDn.slice(0, 1000) } }, include: { user: true } })
  let user = linked?.user ?? null
  if (!user && cert.iin) {
    const byIin = await db.user.findMany({ where: { iin: cert.iin, status: { not: 'blocked' } }, take: 2 })
    // Two accounts with one IIN: which is this person's is not ours to guess.
    if (byIin.length === 1) user = byIin[0]!
  }
  if (!user) throw certificateUnknown(cert.iin, cert.commonName)
  if (user.status === 'blocked') throw forbidden('account_blocked', 'This account is blocked. Contact support.')
  if (user.status === 'pending') throw forbidden('account_not_verified', 'Confirm your email or phone first.')
  const account = user

  const tokens = await db.$transaction(async (tx) => {
    await tx.userCertificate.upsert({
      where: { serialNumber_issuerDn: { serialNumber: cert.serialNumber, issuerDn: cert.issuerDn.slice(0, 1000) } },
      create: { userId: account.id, serialNumber: cert.serialNumber, issuerDn: cert.issuerDn.slice(0, 1000), iin: cert.iin, commonName: cert.commonName, notAfter: cert.notAfter, lastUsedAt: new Date() },
      update: { lastUsedAt: new Date() },
    })
    const pair = await issueSession(tx, account.id, meta)
    const row = await tx.loginHistory.create({ data: { userId: account.id, success: true, reason: 'certificate', ip: meta.ip, userAgent: meta.userAgent } })
    await publish(tx, 'UserLoggedIn', { userId: account.id, ip: meta.ip, userAgent: meta.userAgent, at: row.createdAt.toISOString() })
    return pair
  })
  const deviceId = meta.deviceId ?? newDeviceId()
  await rememberDevice(account.id, deviceId)
  announceSessions(account.id, [])
  return { ...tokens, user: toPublicUser(account), deviceId }
}
