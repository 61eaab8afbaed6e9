import { defineApiRoute } from '../../http'
import { listHistory, withActorNames, ZAuditFilterSchema, ZAuditPageSchema } from '../../domains/history'
import { displayNames } from '../../domains/auth'

export default defineApiRoute(
  {
    summary: 'The audit log (admins)',
    description: 'Filter by actor, workspace, action, entity and date range; newest first, paginated.',
    tags: ['history', 'admin'],
    access: 'admin',
    query: ZAuditFilterSchema,
    errors: [],
    response: ZAuditPageSchema,
  },
  async (_event, { query }) => {
    const page = await listHistory(query)
    // Names come from the auth domain: the history domain keeps ids only.
    return withActorNames(page, await displayNames(page.items.map((i) => i.actorUserId)))
  },
)
