import type { Template } from '../../generated/prisma/client'
import type { TDb } from '../../lib/db'
import { hasRole, type TAuthUser } from '../auth'
import { isWorkspaceMember } from '../workspace'
import { documentNotFound } from './errors'

/**
 * Who edits a template: an admin any; a lawyer the platform's templates and those of
 * the workspaces they belong to (membership is asked of the workspace domain). Anyone
 * else gets 404, as for a template that does not exist.
 */
export async function mayEditTemplate(user: TAuthUser, workspaceId: string | null): Promise<boolean> {
  if (user.roles.includes('admin')) return true
  if (!hasRole(user, 'lawyer')) return false
  return workspaceId === null || (await isWorkspaceMember(user.id, workspaceId))
}

export async function editableTemplate(db: TDb, user: TAuthUser, id: string): Promise<Template> {
  const t = await db.template.findUnique({ where: { id } })
  if (!t || !(await mayEditTemplate(user, t.workspaceId))) throw documentNotFound('template')
  return t
}

/** Who may fill a published template: anyone for the platform's, members for a workspace's. */
export async function mayUseTemplate(userId: string, workspaceId: string | null): Promise<boolean> {
  return workspaceId === null || (await isWorkspaceMember(userId, workspaceId))
}
