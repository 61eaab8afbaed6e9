import { clearRefreshCookie, defineApiRoute, requireUser } from '../../http'
import { logout } from '../../domains/auth'
import { ZOkSchema } from '../../../shared/auth-views'

export default defineApiRoute(
  { summary: 'Sign out (end the current session)', tags: ['auth'], access: 'user', response: ZOkSchema, errors: [] },
  async (event) => {
    const ctx = await requireUser(event)
    const result = await logout({ userId: ctx.user.id, sessionId: ctx.sessionId })
    clearRefreshCookie(event)
    return result
  },
)
