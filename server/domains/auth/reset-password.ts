import { useDb } from '../../lib/db'
import { enforceRateLimit, resetRateLimit } from '../../lib/rate-limit'
import { forbidden } from './auth-errors'
import { LIMITS } from './limits'
import { assertPasswordRules, hashPassword } from './password'
import type { TRequestMeta } from './meta'
import { announceSessions, revokeWhere } from './session-signals'
import { consumeLinkToken } from './verification'

/**
 * Sets a new password from a reset link. The token is consumed in the same
 * transaction as the password change, and every session and API token is ended
 * (whoever knew the old password is signed out and cannot keep calling the API).
 * The account-wide sign-in failure count is cleared: whoever reads the mailbox is
 * the owner, and may sign in from a new device at once. A pending account stays pending: activation is
 * verifyAccount's job, which also publishes UserActivated.
 */
export async function resetPassword(input: { token: string; password: string }, meta: TRequestMeta): Promise<{ ok: true }> {
  await enforceRateLimit(LIMITS.verifyIp, meta.ip ?? 'unknown')
  assertPasswordRules(input.password)
  const passwordHash = await hashPassword(input.password)
  const { userId, ended } = await useDb().$transaction(async (tx) => {
    const row = await consumeLinkToken(tx, 'reset_password', input.token)
    const user = await tx.user.findUniqueOrThrow({ where: { id: row.userId }, select: { status: true } })
    if (user.status === 'blocked') throw forbidden('account_blocked', 'This account is blocked.')
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash } })
    await tx.apiToken.updateMany({ where: { userId: row.userId, revokedAt: null }, data: { revokedAt: new Date() } })
    return { userId: row.userId, ended: await revokeWhere(tx, row.userId, 'password_reset') }
  })
  await resetRateLimit(LIMITS.loginAccount, `user:${userId}`)
  announceSessions(userId, ended, 'password_reset')
  return { ok: true }
}
