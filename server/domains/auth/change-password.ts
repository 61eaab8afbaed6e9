import { useDb } from '../../lib/db'
import { checkCurrentPassword } from './current-password'
import type { TRequestMeta } from './meta'
import { assertPasswordRules, hashPassword } from './password'
import { announceSessions, revokeWhere } from './session-signals'

/**
 * Changes the password after checking the current one (rate-limited); ends every
 * other session and, unless the person keeps them, revokes their API tokens (whoever
 * learnt the old password may have minted some).
 */
export async function changePassword(
  ctx: { userId: string; sessionId: string | null },
  input: { currentPassword: string; newPassword: string; revokeApiTokens?: boolean },
  meta: TRequestMeta,
): Promise<{ ok: true; revokedSessions: number; revokedApiTokens: number }> {
  const db = useDb()
  const user = await db.user.findUniqueOrThrow({
    where: { id: ctx.userId },
    select: { id: true, passwordHash: true, email: true, phone: true, name: true },
  })
  await checkCurrentPassword(user, input.currentPassword, meta, 'body.currentPassword')
  assertPasswordRules(input.newPassword, 'body.newPassword', [user.email, user.phone, user.name])
  const passwordHash = await hashPassword(input.newPassword)
  const { ended, tokens } = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: ctx.userId }, data: { passwordHash } })
    const ended = await revokeWhere(tx, ctx.userId, 'password_changed', ctx.sessionId ? { id: { not: ctx.sessionId } } : {})
    const tokens =
      input.revokeApiTokens === false
        ? 0
        : (await tx.apiToken.updateMany({ where: { userId: ctx.userId, revokedAt: null }, data: { revokedAt: new Date() } })).count
    return { ended, tokens }
  })
  announceSessions(ctx.userId, ended, 'password_changed')
  return { ok: true, revokedSessions: ended.length, revokedApiTokens: tokens }
}
