import { z } from 'zod'
import { defineApiRoute, requestMeta, requireRole } from '../../../../http'
import { unblockUser } from '../../../../domains/auth'

export default defineApiRoute(
  { summary: 'Unblock a user (admin)', tags: ['admin', 'auth'], access: 'admin', params: z.object({ id: z.uuid() }) },
  async (event, { params }) => {
    const ctx = await requireRole(event, 'admin')
    return unblockUser(params.id, ctx.user.id, requestMeta(event))
  },
)
