import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { removePromo, ZOrderViewSchema } from '../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Take the promo code off my order',
    description: 'Before a card payment is under way; the code can then be used on another order.',
    tags: ['billing'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [404, 409],
    response: ZOrderViewSchema,
  },
  async (_event, { params, auth }) => removePromo(auth.user.id, params.id),
)
