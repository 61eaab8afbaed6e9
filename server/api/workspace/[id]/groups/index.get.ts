import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../../http'
import { listGroups, ZGroupViewSchema } from '../../../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'Groups of a workspace',
    tags: ['workspace'],
    access: 'user',
    params: z.object({ id: z.string() }),
    errors: [403, 404],
    response: z.object({ items: z.array(ZGroupViewSchema) }),
  },
  async (event, { params }) => {
    const ctx = await requireWorkspaceMember(event, params.id)
    return { items: await listGroups(ctx.workspace.id) }
  },
)
