import { z } from 'zod'
import { defineApiRoute, deviceIdFrom, requestMeta, setDeviceCookie, setRefreshCookie } from '../../../../../http'
import { completeEgovLogin } from '../../../../../domains/auth'
import { ZLoginResultSchema } from '../../../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Sign in with eGov mobile by QR: sign in',
    description:
      'Public, with the secret the start answered: once the phone has signed, signs in with that CMS exactly as `POST /api/auth/certificate/login` (its 401/403/404 `certificate_unknown`/409 answers); 409 `egov_login_not_signed` before; 404 without the secret or once used. Answers and cookies as `POST /api/auth/login`.',
    tags: ['auth'],
    access: 'public',
    params: z.object({ id: z.string().min(1).max(64) }),
    body: z.strictObject({ secret: z.string().min(20).max(100), refreshTokenIn: z.enum(['body', 'cookie']).optional() }),
    errors: [401, 403, 404, 409, 429],
    response: ZLoginResultSchema,
  },
  async (event, { params, body }) => {
    const { deviceId, ...result } = await completeEgovLogin(params.id, body.secret, { ...requestMeta(event), deviceId: deviceIdFrom(event) })
    setDeviceCookie(event, deviceId)
    if (body.refreshTokenIn !== 'cookie') return result
    const { refreshToken, ...rest } = result
    setRefreshCookie(event, refreshToken)
    return rest
  },
)
