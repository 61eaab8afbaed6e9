import { z } from 'zod'
import { defineApiRoute, deviceIdFrom, requestMeta, setDeviceCookie, setRefreshCookie } from '../../http'
import { login, ZIdentifierSchema, ZPasswordSchema } from '../../domains/auth'
import { ZLoginResultSchema } from '../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Sign in',
    description:
      'By email or phone (`identifier`, or `email`/`phone`) and password → access + refresh token; sets the HttpOnly device cookie `d24_device`. ' +
      "With `refreshTokenIn: 'cookie'` (the web app) the refresh token is set as an HttpOnly cookie instead of answered.",
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
        refreshTokenIn: z.enum(['body', 'cookie']).optional(),
      })
      .refine((b) => b.identifier ?? b.email ?? b.phone, { message: 'identifier, email or phone is required', path: ['identifier'] }),
  },
  async (event, { body }) => {
    const { deviceId, ...result } = await login(
      { identifier: (body.identifier ?? body.email ?? body.phone)!, password: body.password },
      { ...requestMeta(event), deviceId: deviceIdFrom(event) },
    )
    setDeviceCookie(event, deviceId)
    if (body.refreshTokenIn !== 'cookie') return result
    const { refreshToken, ...rest } = result
    setRefreshCookie(event, refreshToken)
    return rest
  },
)
