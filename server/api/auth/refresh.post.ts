import { z } from 'zod'
import { clearRefreshCookie, defineApiRoute, readRefreshCookie, requestMeta, setRefreshCookie } from '../../http'
import { refreshSession, unauthenticated } from '../../domains/auth'
import { ZTokenPairSchema } from '../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Rotate the refresh token',
    description:
      'Returns a new access + refresh token. Reusing an old refresh token ends the session (401 refresh_token_reused). ' +
      'Without `refreshToken` in the body the HttpOnly cookie set at sign-in is used and rotated, and the new refresh ' +
      'token goes back only in that cookie (browsers).',
    tags: ['auth'],
    access: 'public',
    response: ZTokenPairSchema,
    errors: [401],
    body: z.object({ refreshToken: z.string().min(10).max(500).optional() }).optional(),
  },
  async (event, { body }) => {
    if (body?.refreshToken) return refreshSession(body.refreshToken, requestMeta(event))
    const fromCookie = readRefreshCookie(event)
    try {
      if (!fromCookie) throw unauthenticated('invalid_token', 'Sign in again.')
      const { refreshToken, ...rest } = await refreshSession(fromCookie, requestMeta(event))
      setRefreshCookie(event, refreshToken)
      return rest
    } catch (e) {
      // Refused for good (reused, revoked, expired): the browser forgets the cookie too.
      if ((e as { status?: number }).status === 401) clearRefreshCookie(event)
      throw e
    }
  },
)
