import { randomUUID } from 'node:crypto'
import { useConfig } from '../../lib/config'
import type { TDb } from '../../lib/db'
import type { TRequestMeta } from './meta'
import { createRefreshToken, REFRESH_TTL_MS, sha256, signAccessToken } from './tokens'

export interface TTokenPair {
  accessToken: string
  accessTokenExpiresAt: string
  refreshToken: string
  sessionId: string
}

/** Starts a new refresh-token family (one row in sessions) and signs its first access token. */
export async function issueSession(db: TDb, userId: string, meta: TRequestMeta): Promise<TTokenPair> {
  const secret = useConfig().AUTH_SECRET
  const sessionId = randomUUID()
  const refreshToken = createRefreshToken({ sessionId, generation: 0 }, secret)
  await db.session.create({
    data: {
      id: sessionId,
      userId,
      generation: 0,
      currentTokenHash: sha256(refreshToken),
      ip: meta.ip,
      userAgent: meta.userAgent,
      expiresAt: new Date(Date.now() + REFRESH_TTL_MS),
    },
  })
  const access = signAccessToken({ userId, sessionId }, secret)
  return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt.toISOString(), refreshToken, sessionId }
}
