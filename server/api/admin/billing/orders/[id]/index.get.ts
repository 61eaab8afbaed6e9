import { z } from 'zod'
import { defineApiRoute } from '../../../../../http'
import { getAdminOrder, ZAdminOrderViewSchema } from '../../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'One order (admin): lines, history, payments with their provider log',
    tags: ['admin', 'billing'],
    access: 'admin',
    params: z.object({ id: z.uuid() }),
    errors: [404],
    response: ZAdminOrderViewSchema,
  },
  async (_event, { params }) => getAdminOrder(params.id),
)
