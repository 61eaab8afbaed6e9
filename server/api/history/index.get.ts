import { defineApiRoute } from '../../http'
import { listHistory, ZAuditFilterSchema, ZAuditPageSchema } from '../../domains/history'

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
    return listHistory(query)
  },
)
