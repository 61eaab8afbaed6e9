import { z } from 'zod'
import { defineApiRoute, requireUser } from '../../../http'
import { revokeApiToken } from '../../../domains/auth'
import { ZApiTokenViewSchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  { summary: 'Revoke an API token', tags: ['auth'], access: 'user', response: ZApiTokenViewSchema, errors: [404], params: z.object({ id: z.uuid() }) },
  async (event, { params }) => {
    const ctx = await requireUser(event)
    return revokeApiToken(ctx.user.id, params.id)
  },
)
