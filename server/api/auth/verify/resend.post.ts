import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../http'
import { resendVerification, ZEmailSchema, ZPhoneSchema } from '../../../domains/auth'
import { ZOkDeliverySchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Send the verification link or code again',
    tags: ['auth'],
    access: 'public',
    response: ZOkDeliverySchema,
    errors: [429],
    body: z.union([z.object({ email: ZEmailSchema }), z.object({ phone: ZPhoneSchema })]),
  },
  (event, { body }) => resendVerification(body, requestMeta(event)),
)
