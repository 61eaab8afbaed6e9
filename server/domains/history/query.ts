import type { Prisma } from '../../lib/db'
import { useDb } from '../../lib/db'
import { SECURITY_ACTIONS } from '../../../shared/history-actions'
import type { TAuditRow, TAuditFilter, TAuditRowPage, TAuditPageQuery } from '../../../shared/history'

type TRow = Awaited<ReturnType<ReturnType<typeof useDb>['auditLog']['findFirstOrThrow']>>

function toItem(r: TRow): TAuditRow {
  return {
    id: r.id.toString(),
    at: r.at.toISOString(),
    actorUserId: r.actorUserId,
    workspaceId: r.workspaceId,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    ip: r.ip,
    userAgent: r.userAgent,
    diff: r.diff,
  }
}

async function pageOf(where: Prisma.AuditLogWhereInput, q: TAuditPageQuery): Promise<TAuditRowPage> {
  const db = useDb()
  const [rows, total] = await Promise.all([
    db.auditLog.findMany({ where, orderBy: { id: 'desc' }, skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    db.auditLog.count({ where }),
  ])
  return { items: rows.map(toItem), total, page: q.page, pageSize: q.pageSize }
}

/** A person's own security history: what they did, and what was done to their account or membership. */
export async function listMyHistory(userId: string, q: TAuditPageQuery): Promise<TAuditRowPage> {
  const result = await pageOf(
    {
      action: { in: SECURITY_ACTIONS },
      // Also what others did to me: my role changed or my removal from a workspace.
      OR: [{ actorUserId: userId }, { entityType: { in: ['user', 'member'] }, entityId: userId }],
    },
    q,
  )
  // Another person's IP and browser are theirs, not part of my history.
  const items = result.items.map((i) => (i.actorUserId === userId ? i : { ...i, ip: null, userAgent: null }))
  return { ...result, items }
}

/** Everything recorded in one workspace (the caller's access is checked by the route). */
export function listWorkspaceHistory(workspaceId: string, q: TAuditPageQuery): Promise<TAuditRowPage> {
  return pageOf({ workspaceId }, q)
}

/** The whole log, filtered (admins). */
export function listHistory(f: TAuditFilter): Promise<TAuditRowPage> {
  return pageOf(
    {
      ...(f.actorUserId ? { actorUserId: f.actorUserId } : {}),
      ...(f.workspaceId ? { workspaceId: f.workspaceId } : {}),
      ...(f.action ? { action: f.action } : {}),
      ...(f.entityType ? { entityType: f.entityType } : {}),
      ...(f.entityId ? { entityId: f.entityId } : {}),
      ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {}),
    },
    f,
  )
}
