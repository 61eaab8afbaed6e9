import type { H3Event } from 'h3'
import { getRequestHeader } from 'h3'
import { assertModuleActive, ensurePersonalWorkspace, workspaceAccess, type TModule, type TWorkspaceContext, type TWorkspaceRole } from '../domains/workspace'
import { requireUser } from './auth'
import { requestMeta } from './request-meta'

/** The header in which a client names its current workspace. */
export const WORKSPACE_HEADER = 'x-workspace-id'

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
  return workspaceAccess(auth, workspaceId, requestMeta(event), opts)
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

/** requireWorkspaceMember plus: 403 `module_inactive` when the module is off for the workspace. */
export async function requireModule(
  event: H3Event,
  workspaceId: string,
  module: TModule,
  opts: { minRole?: TWorkspaceRole } = {},
): Promise<TWorkspaceContext> {
  const ctx = await requireWorkspaceMember(event, workspaceId, opts)
  await assertModuleActive(ctx.workspace.id, module)
  return ctx
}
