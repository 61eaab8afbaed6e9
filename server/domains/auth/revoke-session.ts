import { useDb } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { announceSessions, revokeWhere } from './session-signals'

/** Ends one of the user's own sessions; another user's session id answers 404. */
export async function revokeSession(userId: string, sessionId: string, reason = 'revoked_by_user'): Promise<void> {
  const db = useDb()
  const row = await db.session.findFirst({ where: { id: sessionId, userId }, select: { id: true, revokedAt: true } })
  if (!row) throw AppError.notFound('Session')
  if (row.revokedAt) return
  await db.session.update({ where: { id: row.id }, data: { revokedAt: new Date(), revokedReason: reason } })
  // Signing out is this browser's own doing: other devices' lists refresh, nobody is told "your session was ended".
  announceSessions(userId, reason === 'logout' ? [] : [row.id], reason)
}

/** Sign out: ends the session the access token belongs to. */
export async function logout(ctx: { userId: string; sessionId: string | null }): Promise<{ ok: true }> {
  if (ctx.sessionId) await revokeSession(ctx.userId, ctx.sessionId, 'logout')
  return { ok: true }
}

/** Ends every session of a user except `keep` (password change, block). */
export async function revokeAllSessions(userId: string, reason: string, keep?: string | null): Promise<number> {
  const ended = await revokeWhere(useDb(), userId, reason, keep ? { id: { not: keep } } : {})
  announceSessions(userId, ended, reason)
  return ended.length
}

/** "End all other sessions": every session of the user but the one asking (all of them when it is an API token). */
export async function revokeOtherSessions(userId: string, currentSessionId: string | null): Promise<{ ended: number }> {
  return { ended: await revokeAllSessions(userId, 'revoked_by_user', currentSessionId) }
}
