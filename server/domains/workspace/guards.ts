import type { H3Event } from 'h3'
import { getRequestHeader } from 'h3'
import type { Workspace, WorkspaceMember } from '../../generated/prisma/client'
import { requestMeta, requireUser, type TAuthContext } from '../auth'
import { useDb } from '../../lib/db'
import type { TActor } from './actor'
import { workspaceForbidden, workspaceNotFound } from './errors'
import { roleAtLeast, type TModule, type TWorkspaceRole } from '../../../shared/workspace'
import { ensurePersonalWorkspace } from './workspaces'

/** What a workspace-scoped handler gets: the caller, the workspace and their membership. */
export interface TWorkspaceContext {
  auth: TAuthContext
  user: TAuthContext['user']
  workspace: Workspace
  membership: WorkspaceMember
  actor: TActor
}

export const WORKSPACE_HEADER = 'x-workspace-id'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

async function contextFor(event: H3Event, auth: TAuthContext, workspaceId: string): Promise<TWorkspaceContext> {
  // A malformed id is as unknown as a well-formed one that belongs to someone else.
  if (!UUID.test(workspaceId)) throw workspaceNotFound()
  const membership = await useDb().workspaceMember.findUnique({
    where: { workspaceId_userId: { workspaceId, userId: auth.user.id } },
    include: { workspace: true },
  })
  if (!membership) throw workspaceNotFound()
  const { workspace, ...member } = membership
  const meta = requestMeta(event)
  return { auth, user: auth.user, workspace, membership: member, actor: { userId: auth.user.id, ...meta } }
}

/**
 * The caller's membership of the workspace: 401 anonymous, 404 when they are not a
 * member (whether or not it exists), 403 when their role is below `minRole`.
 */
export async function requireWorkspaceMember(
  event: H3Event,
  workspaceId: string,
  opts: { minRole?: TWorkspaceRole } = {},
): Promise<TWorkspaceContext> {
  const auth = await requireUser(event)
  const ctx = await contextFor(event, auth, workspaceId)
  if (opts.minRole && !roleAtLeast(ctx.membership.role, opts.minRole)) {
    throw workspaceForbidden('role_required', `This needs the ${opts.minRole} role in the workspace.`, {
      minRole: opts.minRole,
    })
  }
  return ctx
}

/**
 * The workspace the client chose in the header (`x-workspace-id`), or the caller's
 * personal space when the header is absent. Someone else's workspace answers 404.
 */
export async function getCurrentWorkspace(event: H3Event, opts: { minRole?: TWorkspaceRole } = {}): Promise<TWorkspaceContext> {
  const header = getRequestHeader(event, WORKSPACE_HEADER)?.trim()
  if (header) return requireWorkspaceMember(event, header, opts)
  const auth = await requireUser(event)
  const personal = await ensurePersonalWorkspace(auth.user.id)
  return requireWorkspaceMember(event, personal.id, opts)
}

export async function isModuleActive(workspaceId: string, module: TModule): Promise<boolean> {
  const row = await useDb().workspaceModule.findUnique({ where: { workspaceId_module: { workspaceId, module } } })
  return row !== null
}

/** requireWorkspaceMember plus: 403 `module_inactive` when the module is off for the workspace. */
export async function requireModule(
  event: H3Event,
  workspaceId: string,
  module: TModule,
  opts: { minRole?: TWorkspaceRole } = {},
): Promise<TWorkspaceContext> {
  const ctx = await requireWorkspaceMember(event, workspaceId, opts)
  if (!(await isModuleActive(workspaceId, module))) {
    throw workspaceForbidden('module_inactive', `The ${module} module is not active in this workspace.`, { module })
  }
  return ctx
}
