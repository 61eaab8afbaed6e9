import { defineApiRoute, requireUser } from '../../../http'
import { listApiTokens } from '../../../domains/auth'

export default defineApiRoute(
  { summary: 'My API tokens (prefix only)', tags: ['auth'], access: 'user' },
  async (event) => {
    const ctx = await requireUser(event)
    return listApiTokens(ctx.user.id)
  },
)
