import { defineApiRoute, requireUser } from '../../http'
import { listMyHistory, ZAuditPageQuerySchema, ZAuditPageSchema } from '../../domains/history'

export default defineApiRoute(
  {
    summary: 'My security history',
    description: 'Sign-ins, activation, email changes, role changes and invitations I accepted; newest first.',
    tags: ['history'],
    access: 'user',
    query: ZAuditPageQuerySchema,
    errors: [],
    response: ZAuditPageSchema,
  },
  async (event, { query }) => {
    const ctx = await requireUser(event)
    return listMyHistory(ctx.user.id, query)
  },
)
