import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../http'
import { refreshSession } from '../../domains/auth'
import { ZTokenPairSchema } from '../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Rotate the refresh token',
    description: 'Returns a new access + refresh token. Reusing an old refresh token ends the session (401 refresh_token_reused).',
    tags: ['auth'],
    access: 'public',
    response: ZTokenPairSchema,
    errors: [401],
    body: z.object({ refreshToken: z.string().min(10).max(500) }),
  },
  (event, { body }) => refreshSession(body.refreshToken, requestMeta(event)),
)
