import { useDb } from '../../lib/db'
import { invalidField } from './auth-errors'
import { assertPasswordRules, hashPassword, verifyPassword } from './password'

/** Changes the password after checking the current one; ends every other session. */
export async function changePassword(
  ctx: { userId: string; sessionId: string | null },
  input: { currentPassword: string; newPassword: string },
): Promise<{ ok: true; revokedSessions: number }> {
  const db = useDb()
  const user = await db.user.findUniqueOrThrow({ where: { id: ctx.userId }, select: { passwordHash: true } })
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw invalidField('body.currentPassword', 'wrong_password', 'The current password is wrong.')
  }
  assertPasswordRules(input.newPassword, 'body.newPassword')
  const passwordHash = await hashPassword(input.newPassword)
  const revoked = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: ctx.userId }, data: { passwordHash } })
    const r = await tx.session.updateMany({
      where: { userId: ctx.userId, revokedAt: null, ...(ctx.sessionId ? { id: { not: ctx.sessionId } } : {}) },
      data: { revokedAt: new Date(), revokedReason: 'password_changed' },
    })
    return r.count
  })
  return { ok: true, revokedSessions: revoked }
}
