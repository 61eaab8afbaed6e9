import { defineApiRoute, requireUser } from '../../../http'
import { listSessions } from '../../../domains/auth'

export default defineApiRoute(
  { summary: 'My active sessions', tags: ['auth'], access: 'user' },
  async (event) => {
    const ctx = await requireUser(event)
    return listSessions(ctx.user.id, ctx.sessionId)
  },
)
