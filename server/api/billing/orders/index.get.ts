import { defineApiRoute } from '../../../http'
import { listOrders, ZOrderListSchema } from '../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'My orders',
    description: 'The latest 100, newest first.',
    tags: ['billing'],
    access: 'user',
    errors: [],
    response: ZOrderListSchema,
  },
  async (_event, { auth }) => listOrders(auth.user.id),
)
