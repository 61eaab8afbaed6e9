import { getUsersByIds } from '../auth'
import type { TTx } from '../../lib/db'
import { useDb } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { audit } from '../history'
import { auditMeta } from './actor'
import { lastOwner, workspaceForbidden } from './errors'
import type { TWorkspaceContext } from './access'
import type { TMemberView, TWorkspaceRole } from '../../../shared/workspace'

export async function listMembers(workspaceId: string): Promise<TMemberView[]> {
  const rows = await useDb().workspaceMember.findMany({
    where: { workspaceId },
    include: { groups: { select: { groupId: true } } },
    orderBy: { createdAt: 'asc' },
  })
  const users = new Map((await getUsersByIds(rows.map((r) => r.userId))).map((u) => [u.id, u]))
  return rows.map((r) => {
    const u = users.get(r.userId)
    return {
      userId: r.userId,
      role: r.role,
      joinedAt: r.createdAt.toISOString(),
      name: u?.name ?? null,
      email: u?.email ?? null,
      phone: u?.phone ?? null,
      groupIds: r.groups.map((g) => g.groupId),
    }
  })
}

/**
 * Locks the workspace row so that concurrent role changes and removals are checked
 * one after another: two owners demoting each other at once cannot leave none.
 */
async function lockWorkspace(tx: TTx, workspaceId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM workspaces WHERE id = ${workspaceId}::uuid FOR UPDATE`
}

async function otherOwners(tx: TTx, workspaceId: string, userId: string): Promise<number> {
  return tx.workspaceMember.count({ where: { workspaceId, role: 'owner', userId: { not: userId } } })
}

function memberNotFound(): AppError {
  return AppError.notFound('Member', { messageKey: 'errors.workspace.member_not_found' })
}

/** Admins manage admins, members and viewers; only owners grant or take the owner role. */
function assertMayManage(ctx: TWorkspaceContext, currentRole: TWorkspaceRole, newRole?: TWorkspaceRole): void {
  const touchesOwner = currentRole === 'owner' || newRole === 'owner'
  if (touchesOwner && ctx.membership.role !== 'owner') {
    throw workspaceForbidden('owner_required', 'Only an owner can change an owner or make someone an owner.')
  }
}

export async function changeMemberRole(ctx: TWorkspaceContext, userId: string, role: TWorkspaceRole): Promise<TMemberView> {
  const workspaceId = ctx.workspace.id
  await useDb().$transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId)
    const member = await tx.workspaceMember.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } })
    if (!member) throw memberNotFound()
    assertMayManage(ctx, member.role, role)
    if (member.role === role) return
    if (member.role === 'owner' && (await otherOwners(tx, workspaceId, userId)) === 0) throw lastOwner()
    await tx.workspaceMember.update({ where: { workspaceId_userId: { workspaceId, userId } }, data: { role } })
    await audit(tx, {
      action: 'member.role_change',
      ...auditMeta(ctx.actor),
      workspaceId,
      entityId: userId,
      diff: { role: { from: member.role, to: role } },
    })
  })
  const view = (await listMembers(workspaceId)).find((m) => m.userId === userId)
  if (!view) throw memberNotFound()
  return view
}

/** Admins remove others (owners only by an owner); anyone may leave; never the last owner. */
export async function removeMember(ctx: TWorkspaceContext, userId: string): Promise<void> {
  const workspaceId = ctx.workspace.id
  const self = userId === ctx.user.id
  if (!self && ctx.membership.role !== 'owner' && ctx.membership.role !== 'admin') {
    throw workspaceForbidden('role_required', 'This needs the admin role in the workspace.', { minRole: 'admin' })
  }
  await useDb().$transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId)
    const member = await tx.workspaceMember.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } })
    if (!member) throw memberNotFound()
    if (!self) assertMayManage(ctx, member.role)
    if (member.role === 'owner' && (await otherOwners(tx, workspaceId, userId)) === 0) throw lastOwner()
    await tx.workspaceMember.delete({ where: { workspaceId_userId: { workspaceId, userId } } })
    await audit(tx, {
      action: 'member.remove',
      ...auditMeta(ctx.actor),
      workspaceId,
      entityId: userId,
      diff: { role: { from: member.role, to: null } },
    })
  })
}
