import { useDb } from '../../lib/db'
import { enforceRateLimit } from '../../lib/rate-limit'
import { forbidden } from './auth-errors'
import { LIMITS } from './limits'
import { assertPasswordRules, hashPassword } from './password'
import type { TRequestMeta } from './meta'
import { announceSessions, revokeWhere } from './session-signals'
import { consumeLinkToken } from './verification'

/**
 * Sets a new password from a reset link. The token is consumed in the same
 * transaction as the password change, and every session is ended (whoever knew the
 * old password is signed out). A pending account stays pending: activation is
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
    return { userId: row.userId, ended: await revokeWhere(tx, row.userId, 'password_reset') }
  })
  announceSessions(userId, ended, 'password_reset')
  return { ok: true }
}
