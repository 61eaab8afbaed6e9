import { z } from 'zod'
import { defineApiRoute, requireUser } from '../../../http'
import { revokeSession } from '../../../domains/auth'
import { ZOkSchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'End one of my sessions',
    description: "Another user's session id answers 404.",
    tags: ['auth'],
    access: 'user',
    response: ZOkSchema,
    errors: [404],
    params: z.object({ id: z.uuid() }),
  },
  async (event, { params }) => {
    const ctx = await requireUser(event)
    await revokeSession(ctx.user.id, params.id)
    return { ok: true as const }
  },
)
