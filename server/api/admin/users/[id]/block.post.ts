import { z } from 'zod'
import { defineApiRoute, requestMeta, requireRole } from '../../../../http'
import { blockUser } from '../../../../domains/auth'

export default defineApiRoute(
  {
    summary: 'Block a user (admin)',
    description: "Ends every session: the user's tokens stop working at once.",
    tags: ['admin', 'auth'],
    access: 'admin',
    params: z.object({ id: z.uuid() }),
  },
  async (event, { params }) => {
    const ctx = await requireRole(event, 'admin')
    return blockUser(ctx.user.id, params.id, requestMeta(event))
  },
)
