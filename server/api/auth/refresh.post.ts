import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../http'
import { refreshSession } from '../../domains/auth'

export default defineApiRoute(
  {
    summary: 'Rotate the refresh token',
    description: 'Returns a new access + refresh token. Reusing an old refresh token ends the session (401 refresh_token_reused).',
    tags: ['auth'],
    access: 'public',
    body: z.object({ refreshToken: z.string().min(10).max(500) }),
  },
  (event, { body }) => refreshSession(body.refreshToken, requestMeta(event)),
)
