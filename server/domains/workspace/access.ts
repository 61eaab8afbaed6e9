import type { Workspace, WorkspaceMember } from '../../generated/prisma/client'
import type { TAuthContext, TRequestMeta } from '../auth'
import { useDb } from '../../lib/db'
import type { TActor } from './actor'
import { workspaceForbidden, workspaceNotFound } from './errors'
import { roleAtLeast, type TModule, type TWorkspaceRole } from '../../../shared/workspace'

/**
 * What a workspace use case gets: the caller, the workspace and their membership.
 * A plain value: server/http/workspace.ts builds it from the request
 * (`requireWorkspaceMember(event, id, { minRole })`); the worker, scripts and tests
 * build it with `workspaceAccess(auth, id, meta)`.
 */
export interface TWorkspaceContext {
  auth: TAuthContext
  user: TAuthContext['user']
  workspace: Workspace
  membership: WorkspaceMember
  actor: TActor
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The caller's membership of the workspace: 404 when they are not a member (whether
 * or not it exists), 403 `role_required` when their role is below `minRole`.
 */
export async function workspaceAccess(
  auth: TAuthContext,
  workspaceId: string,
  meta: TRequestMeta,
  opts: { minRole?: TWorkspaceRole } = {},
): Promise<TWorkspaceContext> {
  // A malformed id is as unknown as a well-formed one that belongs to someone else.
  if (!UUID.test(workspaceId)) throw workspaceNotFound()
  const membership = await useDb().workspaceMember.findUnique({
    where: { workspaceId_userId: { workspaceId, userId: auth.user.id } },
    include: { workspace: true },
  })
  if (!membership) throw workspaceNotFound()
  const { workspace, ...member } = membership
  if (opts.minRole && !roleAtLeast(member.role, opts.minRole)) {
    throw workspaceForbidden('role_required', `This needs the ${opts.minRole} role in the workspace.`, {
      minRole: opts.minRole,
    })
  }
  return { auth, user: auth.user, workspace, membership: member, actor: { userId: auth.user.id, ...meta } }
}

/** Whether the user is a member of the workspace (any role); false for malformed ids. */
export async function isWorkspaceMember(userId: string, workspaceId: string): Promise<boolean> {
  if (!UUID.test(workspaceId) || !UUID.test(userId)) return false
  const row = await useDb().workspaceMember.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { userId: true },
  })
  return row !== null
}

export async function isModuleActive(workspaceId: string, module: TModule): Promise<boolean> {
  const row = await useDb().workspaceModule.findUnique({ where: { workspaceId_module: { workspaceId, module } } })
  return row !== null
}

/** 403 `module_inactive` when the module is off for the workspace. */
export async function assertModuleActive(workspaceId: string, module: TModule): Promise<void> {
  if (!(await isModuleActive(workspaceId, module))) {
    throw workspaceForbidden('module_inactive', `The ${module} module is not active in this workspace.`, { module })
  }
}

/**
 * Whether the user may spend for the company workspace (buy its plan, pay from its
 * balance): a company workspace in which they are an owner or admin. False for personal
 * workspaces, other roles, non-members and malformed ids.
 */
export async function mayBuyForCompany(userId: string, workspaceId: string): Promise<boolean> {
  if (!UUID.test(workspaceId) || !UUID.test(userId)) return false
  const row = await useDb().workspaceMember.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { role: true, workspace: { select: { kind: true } } },
  })
  return row !== null && row.workspace.kind === 'company' && roleAtLeast(row.role, 'admin')
}
