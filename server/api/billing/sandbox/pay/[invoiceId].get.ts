import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { sandboxInvoice } from '../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'A sandbox payment page’s invoice',
    description: 'Only without Epay credentials (the sandbox Epay), and only for the order’s own person; otherwise 404.',
    tags: ['billing'],
    access: 'user',
    params: z.object({ invoiceId: z.string().regex(/^\d{6,15}$/) }),
    errors: [404],
    response: z.object({
      invoiceId: z.string(),
      orderId: z.uuid(),
      amountMinor: z.number().int(),
      currency: z.string(),
      status: z.enum(['pending', 'succeeded', 'failed']),
    }),
  },
  async (_event, { params, auth }) => sandboxInvoice(auth.user.id, params.invoiceId),
)
