import type { WorkspaceGroup } from '../../generated/prisma/client'
import { useDb } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { audit } from '../history'
import { auditMeta } from './actor'
import { workspaceConflict } from './errors'
import type { TWorkspaceContext } from './access'
import type { TGroupView } from '../../../shared/workspace'

type TGroupRow = WorkspaceGroup & { members: { userId: string }[] }

function toGroupView(g: TGroupRow): TGroupView {
  return { id: g.id, name: g.name, memberIds: g.members.map((m) => m.userId), createdAt: g.createdAt.toISOString() }
}

const withMembers = { members: { select: { userId: true }, orderBy: { createdAt: 'asc' as const } } }

function groupNotFound(): AppError {
  return AppError.notFound('Group', { messageKey: 'errors.workspace.group_not_found' })
}

export async function listGroups(workspaceId: string): Promise<TGroupView[]> {
  const rows = await useDb().workspaceGroup.findMany({ where: { workspaceId }, include: withMembers, orderBy: { name: 'asc' } })
  return rows.map(toGroupView)
}

export async function createGroup(ctx: TWorkspaceContext, name: string): Promise<TGroupView> {
  try {
    const group = await useDb().$transaction(async (tx) => {
      const g = await tx.workspaceGroup.create({ data: { workspaceId: ctx.workspace.id, name }, include: withMembers })
      await audit(tx, { action: 'group.create', ...auditMeta(ctx.actor), workspaceId: ctx.workspace.id, entityId: g.id, diff: { name } })
      return g
    })
    return toGroupView(group)
  } catch (e) {
    if ((e as { code?: string }).code === 'P2002') throw workspaceConflict('group_name_taken', 'A group with this name already exists.')
    throw e
  }
}

export async function deleteGroup(ctx: TWorkspaceContext, groupId: string): Promise<void> {
  await useDb().$transaction(async (tx) => {
    const deleted = await tx.workspaceGroup.deleteMany({ where: { id: groupId, workspaceId: ctx.workspace.id } })
    if (deleted.count === 0) throw groupNotFound()
    await audit(tx, { action: 'group.delete', ...auditMeta(ctx.actor), workspaceId: ctx.workspace.id, entityId: groupId })
  })
}

/** Replaces the group's members; every id must be a member of the same workspace (else 400). */
export async function setGroupMembers(ctx: TWorkspaceContext, groupId: string, userIds: string[]): Promise<TGroupView> {
  const workspaceId = ctx.workspace.id
  const wanted = [...new Set(userIds)]
  const group = await useDb().$transaction(async (tx) => {
    const g = await tx.workspaceGroup.findFirst({ where: { id: groupId, workspaceId }, include: withMembers })
    if (!g) throw groupNotFound()
    const members = await tx.workspaceMember.findMany({ where: { workspaceId, userId: { in: wanted } }, select: { userId: true } })
    const known = new Set(members.map((m) => m.userId))
    const strangers = wanted.filter((id) => !known.has(id))
    if (strangers.length > 0) {
      throw new AppError('VALIDATION', 'Only members of the workspace can be put in its groups.', {
        messageKey: 'errors.workspace.not_a_member',
        fields: strangers.map((id) => ({ path: `body.userIds.${userIds.indexOf(id)}`, message: 'not a member', code: 'not_a_member' })),
      })
    }
    await tx.workspaceGroupMember.deleteMany({ where: { groupId } })
    if (wanted.length > 0) {
      await tx.workspaceGroupMember.createMany({ data: wanted.map((userId) => ({ groupId, workspaceId, userId })) })
    }
    await audit(tx, {
      action: 'group.assign',
      ...auditMeta(ctx.actor),
      workspaceId,
      entityId: groupId,
      diff: { members: { from: g.members.map((m) => m.userId), to: wanted } },
    })
    return tx.workspaceGroup.findUniqueOrThrow({ where: { id: groupId }, include: withMembers })
  })
  return toGroupView(group)
}
