import { useDb } from '../../lib/db'
import { invalidField } from './auth-errors'
import { assertPasswordRules, hashPassword, verifyPassword } from './password'
import { announceSessions, revokeWhere } from './session-signals'

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
  const ended = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: ctx.userId }, data: { passwordHash } })
    return revokeWhere(tx, ctx.userId, 'password_changed', ctx.sessionId ? { id: { not: ctx.sessionId } } : {})
  })
  announceSessions(ctx.userId, ended, 'password_changed')
  return { ok: true, revokedSessions: ended.length }
}
