import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../../http'
import { deleteGroup } from '../../../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'Delete a group',
    tags: ['workspace'],
    access: 'user',
    params: z.object({ id: z.string(), groupId: z.uuid() }),
    errors: [403, 404, 409],
    response: z.object({ ok: z.literal(true) }),
  },
  async (event, { params }) => {
    const ctx = await requireWorkspaceMember(event, params.id, { minRole: 'admin' })
    await deleteGroup(ctx, params.groupId)
    return { ok: true as const }
  },
)
