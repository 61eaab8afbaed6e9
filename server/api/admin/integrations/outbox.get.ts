import { defineApiRoute } from '../../../http'
import { listIntegrationOutbox, ZIntegrationOutboxPageSchema, ZListIntegrationOutboxSchema } from '../../../integrations'

export default defineApiRoute(
  {
    summary: 'Integration outbox (admin): every call to an external provider, sandbox or live, newest first',
    tags: ['admin', 'integrations'],
    access: 'admin',
    query: ZListIntegrationOutboxSchema,
    errors: [],
    response: ZIntegrationOutboxPageSchema,
  },
  async (_event, { query }) => {
    return listIntegrationOutbox(query)
  },
)
