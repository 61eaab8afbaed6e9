import { defineApiRoute, requireUser } from '../../http'
import { ZPublicUserSchema } from '../../../shared/auth-views'

export default defineApiRoute(
  { summary: 'The signed-in user', description: 'Read fresh on every call (a blocked user gets 401 at once).', tags: ['auth'], access: 'user', response: ZPublicUserSchema, errors: [] },
  async (event) => (await requireUser(event)).user,
)
