import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../http'
import { listWorkspaceHistory, ZAuditPageQuerySchema, ZAuditPageSchema } from '../../../domains/history'

export default defineApiRoute(
  {
    summary: "A workspace's history",
    description: 'Admins and owners of the workspace; another workspace answers 404.',
    tags: ['history'],
    access: 'user',
    params: z.object({ id: z.string() }),
    query: ZAuditPageQuerySchema,
    errors: [403, 404],
    response: ZAuditPageSchema,
  },
  async (event, { params, query }) => {
    const ctx = await requireWorkspaceMember(event, params.id, { minRole: 'admin' })
    return listWorkspaceHistory(ctx.workspace.id, query)
  },
)
