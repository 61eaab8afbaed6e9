import { z } from 'zod'
import { defineApiRoute } from '../../../http'
import { listOrders, ZOrderListSchema } from '../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'My orders (or my company’s)',
    description: 'The latest 100, newest first. With `workspaceId`: that company workspace’s orders, whoever of its admins placed them, for its owners and admins (else 403).',
    tags: ['billing'],
    access: 'user',
    query: z.object({ workspaceId: z.uuid().optional() }),
    errors: [403],
    response: ZOrderListSchema,
  },
  async (_event, { auth, query }) => listOrders(auth.user.id, query.workspaceId),
)
