import { z } from 'zod'
import { defineApiRoute, requireUser } from '../../../http'
import { createApiToken } from '../../../domains/auth'
import { ZApiTokenCreatedSchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Create an API token',
    description: 'The token (`d24_...`) is in this answer only; it is stored hashed. Use it as `Authorization: Bearer <token>`.',
    tags: ['auth'],
    access: 'user',
    response: ZApiTokenCreatedSchema,
    errors: [403, 409],
    status: 201,
    body: z.object({ name: z.string().trim().min(1).max(100) }),
  },
  async (event, { body }) => {
    const ctx = await requireUser(event)
    return createApiToken({ userId: ctx.user.id, via: ctx.via }, body)
  },
)
