import { z } from 'zod'
import { defineApiRoute } from '../../../http'
import { listUsers, ZPageQuerySchema, ZRoleSchema } from '../../../domains/auth'
import { ZUserPageSchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Users (admin): search, filter, paginate',
    tags: ['admin', 'auth'],
    access: 'admin',
    response: ZUserPageSchema,
    errors: [],
    query: ZPageQuerySchema.extend({
      q: z.string().trim().min(1).max(100).optional(),
      status: z.enum(['pending', 'active', 'blocked']).optional(),
      role: ZRoleSchema.optional(),
    }),
  },
  async (_event, { query }) => {
    return listUsers(query)
  },
)
