import { z } from 'zod'
import { defineApiRoute } from '../../../../../http'
import { markInvoicePaid, ZMarkInvoicePaidSchema } from '../../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Mark a company invoice paid (admin)',
    description: 'The bank transfer arrived: the order is paid with the bank’s reference in its history, OrderPaid is published. 404 without an invoice; 409 when the order is paid already.',
    tags: ['admin', 'billing'],
    access: 'admin',
    params: z.object({ id: z.uuid() }),
    body: ZMarkInvoicePaidSchema,
    errors: [404, 409],
    response: z.object({ orderId: z.uuid(), status: z.literal('paid') }),
  },
  async (_event, { params, body, auth }) => markInvoicePaid(auth.user.id, params.id, body.reference),
)
