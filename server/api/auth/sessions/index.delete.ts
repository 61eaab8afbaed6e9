import { defineApiRoute, requireUser } from '../../../http'
import { revokeOtherSessions } from '../../../domains/auth'
import { ZSessionsEndedSchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  {
    summary: 'End all my other sessions',
    description: 'Every session of mine except the one making the request; answers how many ended. Called with an API token, it ends all of them.',
    tags: ['auth'],
    access: 'user',
    response: ZSessionsEndedSchema,
    errors: [],
  },
  async (event) => {
    const ctx = await requireUser(event)
    return revokeOtherSessions(ctx.user.id, ctx.sessionId)
  },
)
