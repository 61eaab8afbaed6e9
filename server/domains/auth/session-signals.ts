import type { Prisma } from '../../generated/prisma/client'
import type { TDb } from '../../lib/db'
import { triggerQuietly } from '../../realtime/publish'
import { SESSIONS_CHANGED_EVENT, userChannel } from '../../../shared/realtime'
import type { TSessionsChanged } from '../../../shared/realtime-events'

type TReason = NonNullable<TSessionsChanged['reason']>

/** How the login page names each revocation (errors.auth.<reason>). */
function reasonFor(revokedReason: string): TReason {
  if (revokedReason === 'blocked') return 'account_blocked'
  if (revokedReason === 'refresh_token_reused') return 'refresh_token_reused'
  return 'session_revoked'
}

/**
 * Tells the person's open browsers that their sessions changed: lists refresh, and a
 * browser whose own session is in `ended` signs out at once. Sent after the change is
 * written and never awaited: a lost signal costs freshness only (every request still
 * reads the session), and a realtime endpoint that is down must not slow sign-outs.
 */
export function announceSessions(userId: string, ended: string[], revokedReason = 'revoked_by_user'): void {
  void triggerQuietly(userChannel(userId), SESSIONS_CHANGED_EVENT, {
    ended,
    ...(ended.length ? { reason: reasonFor(revokedReason) } : {}),
  } satisfies TSessionsChanged)
}

/** Revokes the user's live sessions matching `where` (inside the caller's transaction) and returns their ids for announceSessions. */
export async function revokeWhere(
  db: TDb,
  userId: string,
  revokedReason: string,
  where: Prisma.SessionWhereInput = {},
): Promise<string[]> {
  const rows = await db.session.findMany({ where: { ...where, userId, revokedAt: null }, select: { id: true } })
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  await db.session.updateMany({ where: { id: { in: ids }, revokedAt: null }, data: { revokedAt: new Date(), revokedReason } })
  return ids
}
