import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../../http'
import { listMembers, ZMemberViewSchema } from '../../../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'Members of a workspace',
    tags: ['workspace'],
    access: 'user',
    params: z.object({ id: z.string() }),
    errors: [403, 404],
    response: z.object({ items: z.array(ZMemberViewSchema) }),
  },
  async (event, { params }) => {
    const ctx = await requireWorkspaceMember(event, params.id)
    return { items: await listMembers(ctx.workspace.id) }
  },
)
