import { z } from 'zod'
import { defineApiRoute, requestMeta, requireUser } from '../../../http'
import { requestEmailChange, ZEmailSchema, ZPasswordSchema } from '../../../domains/auth'
import { ZChangeRequestedSchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Ask to change the email address',
    description: 'Sends a confirmation link to the new address; nothing changes until it is opened.',
    tags: ['auth'],
    access: 'user',
    response: ZChangeRequestedSchema,
    errors: [409, 429],
    body: z.object({ newEmail: ZEmailSchema, password: ZPasswordSchema }),
  },
  async (event, { body }) => {
    const ctx = await requireUser(event)
    return requestEmailChange(ctx.user.id, body, requestMeta(event))
  },
)
