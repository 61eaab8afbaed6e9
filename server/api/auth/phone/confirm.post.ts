import { z } from 'zod'
import { defineApiRoute, requestMeta, requireUser } from '../../../http'
import { confirmPhoneChange, ZPhoneCodeSchema } from '../../../domains/auth'
import { ZUserResultSchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Confirm the new phone number',
    description: 'The SMS code switches the number (409 when someone registered it meanwhile).',
    tags: ['auth'],
    access: 'user',
    response: ZUserResultSchema,
    errors: [401, 409, 429],
    body: z.object({ code: ZPhoneCodeSchema }),
  },
  async (event, { body }) => {
    const ctx = await requireUser(event)
    return confirmPhoneChange(ctx.user.id, body, requestMeta(event))
  },
)
