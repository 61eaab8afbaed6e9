import { z } from 'zod'
import { defineApiRoute, requestMeta, requireUser } from '../../../http'
import { requestPhoneChange, ZPhoneSchema } from '../../../domains/auth'
import { ZChangeRequestedSchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Ask to change the phone number',
    description: 'Sends a 6-digit code by SMS to the new number (15 minutes); nothing changes until it is confirmed.',
    tags: ['auth'],
    access: 'user',
    response: ZChangeRequestedSchema,
    errors: [409, 429],
    body: z.object({ phone: ZPhoneSchema }),
  },
  async (event, { body }) => {
    const ctx = await requireUser(event)
    return requestPhoneChange(ctx.user.id, body, requestMeta(event))
  },
)
