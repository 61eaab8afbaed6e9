import { defineApiRoute, requireUser } from '../../../http'
import { listApiTokens } from '../../../domains/auth'
import { ZApiTokenListSchema } from '../../../../shared/auth-views'

export default defineApiRoute(
  { summary: 'My API tokens (prefix only)', tags: ['auth'], access: 'user', response: ZApiTokenListSchema, errors: [] },
  async (event) => {
    const ctx = await requireUser(event)
    return listApiTokens(ctx.user.id)
  },
)
