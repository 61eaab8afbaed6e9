import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../http'
import { updateWorkspace, ZUpdateWorkspaceSchema, ZWorkspaceViewSchema } from '../../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'Rename a workspace',
    description: 'Admins and owners. The requisites (BIN, INN, OGRN) cannot change.',
    tags: ['workspace'],
    access: 'user',
    params: z.object({ id: z.string() }),
    body: ZUpdateWorkspaceSchema,
    errors: [403, 404, 409],
    response: ZWorkspaceViewSchema,
  },
  async (event, { params, body }) => {
    const ctx = await requireWorkspaceMember(event, params.id, { minRole: 'admin' })
    return updateWorkspace(ctx.actor, ctx.workspace, ctx.membership.role, body)
  },
)
