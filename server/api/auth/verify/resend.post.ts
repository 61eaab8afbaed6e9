import { z } from 'zod'
import { defineApiRoute } from '../../../lib/http'
import { requestMeta, resendVerification, ZEmailSchema, ZPhoneSchema } from '../../../domains/auth'

export default defineApiRoute(
  {
    summary: 'Send the verification link or code again',
    tags: ['auth'],
    access: 'public',
    body: z.union([z.object({ email: ZEmailSchema }), z.object({ phone: ZPhoneSchema })]),
  },
  (event, { body }) => resendVerification(body, requestMeta(event)),
)
