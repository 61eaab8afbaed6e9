import { defineApiRoute, requireUser } from '../../http'
import { listLoginHistory, ZPageQuerySchema } from '../../domains/auth'
import { ZLoginHistoryPageSchema } from '../../../shared/auth-views'

export default defineApiRoute(
  { summary: 'My sign-in history (time, IP, user agent)', tags: ['auth'], access: 'user', response: ZLoginHistoryPageSchema, errors: [], query: ZPageQuerySchema },
  async (event, { query }) => {
    const ctx = await requireUser(event)
    return listLoginHistory(ctx.user.id, query)
  },
)
