import { defineApiRoute, requestMeta, requireUser } from '../../../http'
import { changePassword, ZChangePasswordSchema } from '../../../domains/auth'
import { ZPasswordChangedSchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Change the password',
    description:
      'Needs the current password (limited per account and per IP: 429 with Retry-After); ends every other session and revokes the API tokens unless `revokeApiTokens` is false.',
    tags: ['auth'],
    access: 'user',
    response: ZPasswordChangedSchema,
    errors: [429],
    body: ZChangePasswordSchema,
  },
  async (event, { body }) => {
    const ctx = await requireUser(event)
    return changePassword({ userId: ctx.user.id, sessionId: ctx.sessionId }, body, requestMeta(event))
  },
)
