import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import { unauthenticated } from './auth-errors'
import type { TTokenPair } from './issue-session'
import type { TRequestMeta } from './meta'
import { announceSessions } from './session-signals'
import { createRefreshToken, decideRefresh, parseRefreshToken, sha256, signAccessToken } from './tokens'

/**
 * Rotates a refresh token: the presented one stops working, a new one of the next
 * generation is returned. A genuine token that is no longer current means a copy
 * exists somewhere, so the whole family (session) is revoked and 401 says why.
 */
export async function refreshSession(refreshToken: string, meta: TRequestMeta): Promise<TTokenPair> {
  const secret = useConfig().AUTH_SECRET
  const parts = parseRefreshToken(refreshToken, secret)
  if (!parts) throw unauthenticated('invalid_token', 'Sign in again.')
  const db = useDb()
  const session = await db.session.findUnique({ where: { id: parts.sessionId }, include: { user: { select: { status: true } } } })
  if (!session) throw unauthenticated('invalid_token', 'Sign in again.')

  const revokeFamily = async () => {
    const r = await db.session.updateMany({
      where: { id: session.id, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: 'refresh_token_reused' },
    })
    if (r.count) announceSessions(session.userId, [session.id], 'refresh_token_reused')
    return unauthenticated('refresh_token_reused', 'This sign-in was used from somewhere else and has been ended. Sign in again.')
  }

  const decision = decideRefresh(session, { generation: parts.generation, hash: sha256(refreshToken) })
  if (decision === 'reused') throw await revokeFamily()
  if (decision === 'revoked') throw unauthenticated('session_revoked', 'This sign-in has ended. Sign in again.')
  if (decision === 'expired') throw unauthenticated('session_expired', 'This sign-in has expired. Sign in again.')
  if (session.user.status !== 'active') throw unauthenticated('account_blocked', 'This account is blocked.')

  const next = createRefreshToken({ sessionId: session.id, generation: session.generation + 1 }, secret)
  // Compare-and-set on the generation: of two concurrent refreshes with the same
  // token only one rotates; the other is treated as reuse.
  const won = await db.session.updateMany({
    where: { id: session.id, generation: session.generation, revokedAt: null },
    data: {
      generation: session.generation + 1,
      currentTokenHash: sha256(next),
      lastUsedAt: new Date(),
      ip: meta.ip ?? session.ip,
      userAgent: meta.userAgent ?? session.userAgent,
    },
  })
  if (won.count !== 1) throw await revokeFamily()
  const access = signAccessToken({ userId: session.userId, sessionId: session.id }, secret)
  return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt.toISOString(), refreshToken: next, sessionId: session.id }
}
