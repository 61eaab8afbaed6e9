import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../http'
import { resetPassword, ZPasswordSchema } from '../../../domains/auth'
import { ZOkSchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Set a new password from a reset link',
    description: 'Single-use, expiring token; ends every session. 401 code_used / code_expired / code_invalid.',
    tags: ['auth'],
    access: 'public',
    response: ZOkSchema,
    errors: [401, 403, 429],
    body: z.object({ token: z.string().min(10).max(200), password: ZPasswordSchema }),
  },
  (event, { body }) => resetPassword(body, requestMeta(event)),
)
