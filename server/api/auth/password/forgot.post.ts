import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../http'
import { forgotPassword, ZEmailSchema } from '../../../domains/auth'
import { ZOkDeliverySchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Send a password reset link',
    description: 'Answers the same whether or not the address is registered.',
    tags: ['auth'],
    access: 'public',
    response: ZOkDeliverySchema,
    errors: [429],
    status: 202,
    body: z.object({ email: ZEmailSchema }),
  },
  (event, { body }) => forgotPassword(body, requestMeta(event)),
)
