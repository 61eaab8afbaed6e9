import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../http'
import { login, ZIdentifierSchema, ZPasswordSchema } from '../../domains/auth'
import { ZLoginResultSchema } from '../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Sign in',
    description: 'By email or phone (`identifier`, or `email`/`phone`) and password → access + refresh token.',
    tags: ['auth'],
    access: 'public',
    response: ZLoginResultSchema,
    errors: [401, 403, 429],
    body: z
      .object({
        identifier: ZIdentifierSchema.optional(),
        email: ZIdentifierSchema.optional(),
        phone: ZIdentifierSchema.optional(),
        password: ZPasswordSchema,
      })
      .refine((b) => b.identifier ?? b.email ?? b.phone, { message: 'identifier, email or phone is required', path: ['identifier'] }),
  },
  (event, { body }) => login({ identifier: (body.identifier ?? body.email ?? body.phone)!, password: body.password }, requestMeta(event)),
)
