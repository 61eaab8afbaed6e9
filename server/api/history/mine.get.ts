import { defineApiRoute, requireUser } from '../../http'
import { listMyHistory, withActorNames, ZAuditPageQuerySchema, ZAuditPageSchema } from '../../domains/history'
import { displayNames } from '../../domains/auth'

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
    const page = await listMyHistory(ctx.user.id, query)
    return withActorNames(page, await displayNames(page.items.map((i) => i.actorUserId)))
  },
)
