import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../http'
import { registerUser, ZEmailSchema, ZLocaleSchema, ZPasswordSchema, ZPhoneSchema } from '../../domains/auth'
import { ZRegisterResultSchema } from '../../../shared/auth-views'

export const ZRegisterBodySchema = z.object({
  email: ZEmailSchema.optional(),
  phone: ZPhoneSchema.optional(),
  password: ZPasswordSchema,
  name: z.string().trim().min(1).max(200).optional(),
  iin: z.string().trim().optional(),
  inn: z.string().trim().optional(),
  locale: ZLocaleSchema.optional(),
})

export default defineApiRoute(
  {
    summary: 'Register by email or phone',
    description: 'Creates a pending account and sends a verification link (email) or code (phone). 409 when taken; 429 past REGISTER_IP_LIMIT per IP in 15 min.',
    tags: ['auth'],
    access: 'public',
    response: ZRegisterResultSchema,
    errors: [409, 429],
    status: 201,
    body: ZRegisterBodySchema,
  },
  (event, { body }) => registerUser(body, requestMeta(event)),
)
