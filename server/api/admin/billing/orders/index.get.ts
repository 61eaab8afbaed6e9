import { defineApiRoute } from '../../../../http'
import { listAdminOrders, ZAdminOrderPageSchema, ZAdminOrdersQuerySchema } from '../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Orders (admin): filter by status, buyer and day, paginate',
    description: 'Newest first. `email` is the buyer’s exact email; `from`/`to` are days (both included) in the region’s time zone; at most 100 a page.',
    tags: ['admin', 'billing'],
    access: 'admin',
    query: ZAdminOrdersQuerySchema,
    errors: [],
    response: ZAdminOrderPageSchema,
  },
  async (_event, { query }) => listAdminOrders(query),
)
