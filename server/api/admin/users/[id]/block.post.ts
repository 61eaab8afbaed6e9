import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { blockUser } from '../../../../domains/auth'
import { ZPublicUserSchema } from '../../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Block a user (admin)',
    description: "Ends every session: the user's tokens stop working at once.",
    tags: ['admin', 'auth'],
    access: 'admin',
    response: ZPublicUserSchema,
    errors: [404, 409],
    params: z.object({ id: z.uuid() }),
  },
  async (event, { params, auth: ctx }) => {
    return blockUser(ctx.user.id, params.id, requestMeta(event))
  },
)
