import { enforceRateLimit, hitRateLimit, peekRateLimit, rateLimitedError } from '../../lib/rate-limit'
import { invalidField } from './auth-errors'
import { LIMITS } from './limits'
import type { TRequestMeta } from './meta'
import { verifyPassword } from './password'

/**
 * Checks the password a signed-in person retypes to change their password or email.
 * Limited like sign-in (all attempts per IP, failures per account): a stolen access
 * token must not become an unlimited password oracle.
 */
export async function checkCurrentPassword(
  user: { id: string; passwordHash: string },
  password: string,
  meta: TRequestMeta,
  path: string,
): Promise<void> {
  await enforceRateLimit(LIMITS.passwordCheckIp, meta.ip ?? 'unknown')
  const before = await peekRateLimit(LIMITS.passwordCheckAccount, user.id)
  if (before.limited) throw rateLimitedError(before)
  if (await verifyPassword(password, user.passwordHash)) return
  await hitRateLimit(LIMITS.passwordCheckAccount, user.id)
  throw invalidField(path, 'wrong_password', 'The password is wrong.')
}
