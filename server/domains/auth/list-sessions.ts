import type { TSessionView } from '../../../shared/auth-views'
import { useDb } from '../../lib/db'
import { describePlace } from './place'
import { describeUserAgent } from './user-agent'

/** The user's sessions that can still refresh (not revoked, not expired). */
export async function listSessions(userId: string, currentSessionId: string | null): Promise<{ items: TSessionView[] }> {
  const rows = await useDb().session.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { lastUsedAt: 'desc' },
    take: 100,
  })
  // Sessions share a few addresses at most: each is looked up once.
  const places = new Map(await Promise.all([...new Set(rows.map((s) => s.ip))].map(async (ip) => [ip, await describePlace(ip)] as const)))
  return {
    items: rows.map((s) => ({
      id: s.id,
      ip: s.ip,
      place: places.get(s.ip) ?? null,
      userAgent: s.userAgent,
      device: describeUserAgent(s.userAgent),
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt.toISOString(),
      current: s.id === currentSessionId,
    })),
  }
}
