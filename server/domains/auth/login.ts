import { publish } from '../../events'
import { useDb } from '../../lib/db'
import { enforceRateLimit, hitRateLimit, peekRateLimit, rateLimitedError } from '../../lib/rate-limit'
import { forbidden, unauthenticated } from './auth-errors'
import { issueSession, type TTokenPair } from './issue-session'
import { announceSessions } from './session-signals'
import { LIMITS } from './limits'
import { burnPasswordCheck, verifyPassword } from './password'
import { toPublicUser, type TPublicUser } from './public-user'
import type { TRequestMeta } from './meta'

export interface TLoginResult extends TTokenPair {
  user: TPublicUser
}

function badCredentials() {
  return unauthenticated('invalid_credentials', 'Wrong email, phone or password.')
}

/**
 * Password sign-in by email or phone. Each IP is limited on all attempts, each
 * account on failures; the session, the login history row and UserLoggedIn are
 * written in one transaction.
 */
export async function login(input: { identifier: string; password: string }, meta: TRequestMeta): Promise<TLoginResult> {
  await enforceRateLimit(LIMITS.loginIp, meta.ip ?? 'unknown')
  const account = await peekRateLimit(LIMITS.loginAccount, input.identifier)
  if (account.limited) throw rateLimitedError(account)

  const db = useDb()
  const user = await db.user.findUnique({
    where: input.identifier.includes('@') ? { email: input.identifier } : { phone: input.identifier },
  })
  if (!user) {
    await burnPasswordCheck(input.password)
    await hitRateLimit(LIMITS.loginAccount, input.identifier)
    throw badCredentials()
  }
  const fail = async (reason: string) => {
    await db.loginHistory.create({ data: { userId: user.id, success: false, reason, ip: meta.ip, userAgent: meta.userAgent } })
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    await hitRateLimit(LIMITS.loginAccount, input.identifier)
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
  // Lists of this person's sessions open elsewhere show the new one.
  announceSessions(user.id, [])
  return { ...tokens, user: toPublicUser(user) }
}
