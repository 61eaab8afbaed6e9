import { defineApiRoute, requireUser } from '../../../http'
import { listSessions } from '../../../domains/auth'
import { ZSessionListSchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  { summary: 'My active sessions', tags: ['auth'], access: 'user', response: ZSessionListSchema, errors: [] },
  async (event) => {
    const ctx = await requireUser(event)
    return listSessions(ctx.user.id, ctx.sessionId)
  },
)
