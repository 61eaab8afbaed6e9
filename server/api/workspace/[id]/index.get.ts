import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../http'
import { toWorkspaceView, ZWorkspaceViewSchema } from '../../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'One workspace',
    description: 'Any member may read it; a workspace I do not belong to answers 404.',
    tags: ['workspace'],
    access: 'user',
    params: z.object({ id: z.string() }),
    errors: [403, 404],
    response: ZWorkspaceViewSchema,
  },
  async (event, { params }) => {
    const ctx = await requireWorkspaceMember(event, params.id)
    return toWorkspaceView(ctx.workspace, ctx.membership.role)
  },
)
