import { z } from 'zod'
import { defineApiRoute, requireUser } from '../../../http'
import { changePassword, ZPasswordSchema } from '../../../domains/auth'
import { ZPasswordChangedSchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Change the password',
    description: 'Needs the current password; ends every other session.',
    tags: ['auth'],
    access: 'user',
    response: ZPasswordChangedSchema,
    errors: [],
    body: z.object({ currentPassword: ZPasswordSchema, newPassword: ZPasswordSchema }),
  },
  async (event, { body }) => {
    const ctx = await requireUser(event)
    return changePassword({ userId: ctx.user.id, sessionId: ctx.sessionId }, body)
  },
)
