import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../../http'
import { listInvites, ZInviteViewSchema } from '../../../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'Invitations of a workspace',
    tags: ['workspace'],
    access: 'user',
    params: z.object({ id: z.string() }),
    errors: [403, 404],
    response: z.object({ items: z.array(ZInviteViewSchema) }),
  },
  async (event, { params }) => {
    const ctx = await requireWorkspaceMember(event, params.id, { minRole: 'admin' })
    return { items: await listInvites(ctx.workspace.id) }
  },
)
