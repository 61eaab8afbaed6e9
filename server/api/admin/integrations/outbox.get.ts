import { defineApiRoute, requireRole } from '../../../http'
import { listIntegrationOutbox, ZIntegrationOutboxPageSchema, ZListIntegrationOutboxSchema } from '../../../integrations'

export default defineApiRoute(
  {
    summary: 'Integration outbox (admin): every call to an external provider, sandbox or live, newest first',
    tags: ['admin', 'integrations'],
    access: 'admin',
    query: ZListIntegrationOutboxSchema,
    response: ZIntegrationOutboxPageSchema,
  },
  async (event, { query }) => {
    await requireRole(event, 'admin')
    return listIntegrationOutbox(query)
  },
)
