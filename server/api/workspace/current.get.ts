import { defineApiRoute, getCurrentWorkspace } from '../../http'
import { toWorkspaceView, ZWorkspaceViewSchema } from '../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'The current workspace',
    description: 'The workspace named in the x-workspace-id header (404 when I am not a member), else my personal space.',
    tags: ['workspace'],
    access: 'user',
    errors: [403, 404],
    response: ZWorkspaceViewSchema,
  },
  async (event) => {
    const ctx = await getCurrentWorkspace(event)
    return toWorkspaceView(ctx.workspace, ctx.membership.role)
  },
)
