import { z } from 'zod'
import { defineApiRoute, deviceIdFrom, requestMeta, setDeviceCookie, setRefreshCookie } from '../../../http'
import { loginWithCertificate } from '../../../domains/auth'
import { ZLoginResultSchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Sign in with a qualified certificate',
    description:
      'The CMS (base64) of the text from `…/certificate/challenge`. Verified like any signature (401 with `errors.signature.<problem>`); the account is the one the certificate is linked to, else the one account with its IIN (the certificate is then linked). 404 `certificate_unknown` with `params.iin` and `params.name` to prefill a sign-up; 409 `challenge_expired`; 403 for a blocked or unconfirmed account; 429 as password sign-in. Answers and cookies as `POST /api/auth/login`.',
    tags: ['auth'],
    access: 'public',
    body: z.strictObject({
      challengeId: z.uuid(),
      cms: z.string().trim().min(16).max(4 * 1024 * 1024).regex(/^[A-Za-z0-9+/=\r\n]+$/, 'not_base64'),
      refreshTokenIn: z.enum(['body', 'cookie']).optional(),
    }),
    errors: [401, 403, 404, 409, 429],
    response: ZLoginResultSchema,
  },
  async (event, { body }) => {
    const { deviceId, ...result } = await loginWithCertificate({ challengeId: body.challengeId, cms: body.cms }, { ...requestMeta(event), deviceId: deviceIdFrom(event) })
    setDeviceCookie(event, deviceId)
    if (body.refreshTokenIn !== 'cookie') return result
    const { refreshToken, ...rest } = result
    setRefreshCookie(event, refreshToken)
    return rest
  },
)
