import { z } from 'zod'
import { defineApiRoute } from '../../../../../http'
import { refundOrder, ZAdminOrderViewSchema, ZRefundInputSchema } from '../../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Refund an order (admin), in full or in part',
    description:
      'Without `amountMinor`: everything not refunded yet. The card part goes back first (through Epay), then the balance part (to the balance). The reason and the admin go to the order’s history. 409 when the order is not paid or the amount is more than is left; 502 when Epay refuses (nothing changes but its provider log).',
    tags: ['admin', 'billing'],
    access: 'admin',
    params: z.object({ id: z.uuid() }),
    body: ZRefundInputSchema,
    errors: [404, 409],
    response: ZAdminOrderViewSchema,
  },
  async (_event, { params, body, auth }) => refundOrder(auth.user.id, params.id, body),
)
