import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../http'
import { listWorkspaceHistory, withActorNames, ZAuditPageQuerySchema, ZAuditPageSchema } from '../../../domains/history'
import { displayNames } from '../../../domains/auth'

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
    const page = await listWorkspaceHistory(ctx.workspace.id, query)
    return withActorNames(page, await displayNames(page.items.map((i) => i.actorUserId)))
  },
)
