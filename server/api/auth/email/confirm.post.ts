import { z } from 'zod'
import { defineApiRoute } from '../../../http'
import { confirmEmailChange } from '../../../domains/auth'
import { ZUserResultSchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'Confirm a new email address',
    description: 'The link token from the new mailbox; publishes UserEmailUpdated.',
    tags: ['auth'],
    access: 'public',
    response: ZUserResultSchema,
    errors: [401, 409],
    body: z.object({ token: z.string().min(10).max(200) }),
  },
  (_event, { body }) => confirmEmailChange(body),
)
