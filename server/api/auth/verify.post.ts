import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../http'
import { verifyAccount, ZPhoneSchema } from '../../domains/auth'
import { ZUserResultSchema } from '../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Verify an account',
    description: 'Email link token or phone + SMS code; the account becomes active (UserActivated).',
    tags: ['auth'],
    access: 'public',
    response: ZUserResultSchema,
    errors: [401, 403, 429],
    body: z.union([
      z.object({ token: z.string().min(10).max(200) }),
      z.object({ phone: ZPhoneSchema, code: z.string().regex(/^\d{6}$/) }),
    ]),
  },
  (event, { body }) => verifyAccount(body, requestMeta(event)),
)
