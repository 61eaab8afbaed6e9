import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { setUserRoles, ZRoleSchema } from '../../../../domains/auth'
import { ZPublicUserSchema } from '../../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: "Replace a user's roles (admin)",
    tags: ['admin', 'auth'],
    access: 'admin',
    response: ZPublicUserSchema,
    errors: [404, 409],
    params: z.object({ id: z.uuid() }),
    body: z.object({ roles: z.array(ZRoleSchema).max(5) }),
  },
  async (event, { params, body, auth: ctx }) => {
    return setUserRoles(ctx.user.id, params.id, body.roles, requestMeta(event))
  },
)
