import { z } from 'zod'
import { defineApiRoute, requireRole } from '../../../http'
import { listUsers, ZPageQuerySchema, ZRoleSchema } from '../../../domains/auth'

export default defineApiRoute(
  {
    summary: 'Users (admin): search, filter, paginate',
    tags: ['admin', 'auth'],
    access: 'admin',
    query: ZPageQuerySchema.extend({
      q: z.string().trim().min(1).max(100).optional(),
      status: z.enum(['pending', 'active', 'blocked']).optional(),
      role: ZRoleSchema.optional(),
    }),
  },
  async (event, { query }) => {
    await requireRole(event, 'admin')
    return listUsers(query)
  },
)
