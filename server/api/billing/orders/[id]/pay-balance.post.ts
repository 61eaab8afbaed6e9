import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { payFromBalance, ZOrderViewSchema } from '../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Pay an order from the balance',
    description: 'For an order whose balance part is its whole total (useBalanceMinor = total). Publishes OrderPaid; 400 when the balance no longer covers it.',
    tags: ['billing'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [403, 404, 409],
    response: ZOrderViewSchema,
  },
  async (_event, { params, auth }) => payFromBalance(auth.user.id, params.id),
)
