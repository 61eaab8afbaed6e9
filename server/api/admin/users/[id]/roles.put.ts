import { z } from 'zod'
import { defineApiRoute, requestMeta, requireRole } from '../../../../http'
import { setUserRoles, ZRoleSchema } from '../../../../domains/auth'

export default defineApiRoute(
  {
    summary: "Replace a user's roles (admin)",
    tags: ['admin', 'auth'],
    access: 'admin',
    params: z.object({ id: z.uuid() }),
    body: z.object({ roles: z.array(ZRoleSchema).max(5) }),
  },
  async (event, { params, body }) => {
    const ctx = await requireRole(event, 'admin')
    return setUserRoles(ctx.user.id, params.id, body.roles, requestMeta(event))
  },
)
