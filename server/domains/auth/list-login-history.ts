import type { TLoginHistoryView } from '../../../shared/auth-views'
import { useDb } from '../../lib/db'
import { describeUserAgent } from './user-agent'

export async function listLoginHistory(
  userId: string,
  page: { page: number; pageSize: number },
): Promise<{ items: TLoginHistoryView[]; total: number; page: number; pageSize: number }> {
  const db = useDb()
  const [rows, total] = await Promise.all([
    db.loginHistory.findMany({
      where: { userId },
      orderBy: { createdAt: 'desc' },
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    }),
    db.loginHistory.count({ where: { userId } }),
  ])
  return {
    items: rows.map((r) => ({ id: r.id, success: r.success, reason: r.reason, ip: r.ip, userAgent: r.userAgent, device: describeUserAgent(r.userAgent), at: r.createdAt.toISOString() })),
    total,
    ...page,
  }
}
