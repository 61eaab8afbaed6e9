import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../http'
import { resendVerification, ZEmailSchema, ZPhoneSchema } from '../../../domains/auth'

export default defineApiRoute(
  {
    summary: 'Send the verification link or code again',
    tags: ['auth'],
    access: 'public',
    body: z.union([z.object({ email: ZEmailSchema }), z.object({ phone: ZPhoneSchema })]),
  },
  (event, { body }) => resendVerification(body, requestMeta(event)),
)
