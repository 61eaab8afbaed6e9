import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { unblockUser } from '../../../../domains/auth'
import { ZPublicUserSchema } from '../../../../../shared/auth-views'

export default defineApiRoute(
  { summary: 'Unblock a user (admin)', tags: ['admin', 'auth'], access: 'admin', response: ZPublicUserSchema, errors: [404], params: z.object({ id: z.uuid() }) },
  async (event, { params, auth: ctx }) => {
    return unblockUser(params.id, ctx.user.id, requestMeta(event))
  },
)
