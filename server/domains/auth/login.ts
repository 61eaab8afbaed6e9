import { publish } from '../../events'
import { useDb } from '../../lib/db'
import { enforceRateLimit, hitRateLimit, peekRateLimit, rateLimitedError, resetRateLimit } from '../../lib/rate-limit'
import { forbidden, unauthenticated } from './auth-errors'
import { isKnownDevice, newDeviceId, rememberDevice } from './device'
import { issueSession, type TTokenPair } from './issue-session'
import { announceSessions } from './session-signals'
import { LIMITS } from './limits'
import { burnPasswordCheck, verifyPassword } from './password'
import { toPublicUser, type TPublicUser } from './public-user'
import type { TRequestMeta } from './meta'

export interface TLoginResult extends TTokenPair {
  user: TPublicUser
  /** The device id to keep in the signed `d24_device` cookie (the caller's, or a new one). */
  deviceId: string
}

function badCredentials() {
  return unauthenticated('invalid_credentials', 'Wrong email, phone or password.')
}

/**
 * Password sign-in by email or phone. Each IP is limited on all attempts. Failures
 * are counted per (account, client) and, for clients that never signed in to the
 * account, account-wide: a guesser spread over many IPs is stopped by the second
 * counter, while the owner's known device still gets in with the right password
 * (README "Brute force"). The session, the login history row and UserLoggedIn are
 * written in one transaction.
 */
export async function login(
  input: { identifier: string; password: string },
  meta: TRequestMeta & { deviceId?: string | null },
): Promise<TLoginResult> {
  await enforceRateLimit(LIMITS.loginIp, meta.ip ?? 'unknown')

  const db = useDb()
  const user = await db.user.findUnique({
    where: input.identifier.includes('@') ? { email: input.identifier } : { phone: input.identifier },
  })
  // One counter per account whichever identifier names it; unknown identifiers count too.
  const account = user ? `user:${user.id}` : `id:${input.identifier}`
  const client = `${account}|${meta.deviceId ? `device:${meta.deviceId}` : `ip:${meta.ip ?? 'unknown'}`}`
  const known = user ? await isKnownDevice(user.id, meta.deviceId) : false
  const perClient = await peekRateLimit(LIMITS.loginClient, client)
  if (perClient.limited) throw rateLimitedError(perClient)
  if (!known) {
    const perAccount = await peekRateLimit(LIMITS.loginAccount, account)
    if (perAccount.limited) throw rateLimitedError(perAccount)
  }
  const countFailure = async () => {
    await hitRateLimit(LIMITS.loginClient, client)
    if (!known) await hitRateLimit(LIMITS.loginAccount, account)
  }

  if (!user) {
    await burnPasswordCheck(input.password)
    await countFailure()
    throw badCredentials()
  }
  const fail = async (reason: string) => {
    await db.loginHistory.create({ data: { userId: user.id, success: false, reason, ip: meta.ip, userAgent: meta.userAgent } })
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    await countFailure()
    await fail('wrong_password')
    throw badCredentials()
  }
  if (user.status === 'blocked') {
    await fail('blocked')
    throw forbidden('account_blocked', 'This account is blocked. Contact support.')
  }
  if (user.status === 'pending') {
    await fail('not_verified')
    throw forbidden('account_not_verified', 'Confirm your email or phone first.')
  }

  const tokens = await db.$transaction(async (tx) => {
    const pair = await issueSession(tx, user.id, meta)
    const row = await tx.loginHistory.create({
      data: { userId: user.id, success: true, ip: meta.ip, userAgent: meta.userAgent },
    })
    await publish(tx, 'UserLoggedIn', {
      userId: user.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      at: row.createdAt.toISOString(),
    })
    return pair
  })
  const deviceId = meta.deviceId ?? newDeviceId()
  await rememberDevice(user.id, deviceId)
  // This client proved it knows the password: its own earlier typos no longer count.
  await resetRateLimit(LIMITS.loginClient, client)
  // Lists of this person's sessions open elsewhere show the new one.
  announceSessions(user.id, [])
  return { ...tokens, user: toPublicUser(user), deviceId }
}
