import { defineApiRoute, requireUser } from '../../http'

export default defineApiRoute(
  { summary: 'The signed-in user', description: 'Read fresh on every call (a blocked user gets 401 at once).', tags: ['auth'], access: 'user' },
  async (event) => (await requireUser(event)).user,
)
