import { z } from 'zod'
import { defineApiRoute, requireWorkspaceMember } from '../../../../http'
import { removeMember } from '../../../../domains/workspace'

export default defineApiRoute(
  {
    summary: 'Remove a member (or leave)',
    description: 'Admins remove others (owners only by an owner); anyone may remove themselves. Never the last owner (409).',
    tags: ['workspace'],
    access: 'user',
    params: z.object({ id: z.string(), userId: z.uuid() }),
    errors: [403, 404, 409],
    response: z.object({ ok: z.literal(true) }),
  },
  async (event, { params }) => {
    const ctx = await requireWorkspaceMember(event, params.id)
    await removeMember(ctx, params.userId)
    return { ok: true as const }
  },
)
