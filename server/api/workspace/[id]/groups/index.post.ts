import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../../http'
import { createGroup, ZGroupViewSchema } from '../../../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'Create a group',
    description: 'Admins. Names are unique within a workspace (409).',
    tags: ['workspace'],
    access: 'user',
    status: 201,
    params: z.object({ id: z.string() }),
    body: z.object({ name: z.string().trim().min(1).max(100) }),
    errors: [403, 404, 409],
    response: ZGroupViewSchema,
  },
  async (event, { params, body }) => {
    const ctx = await requireWorkspaceMember(event, params.id, { minRole: 'admin' })
    return createGroup(ctx, body.name)
  },
)
