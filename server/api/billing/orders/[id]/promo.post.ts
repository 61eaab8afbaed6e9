import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { applyPromo, ZApplyPromoSchema, ZOrderViewSchema } from '../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Put a promo code on my order',
    description: 'Before a card payment is under way. Discounts documents and plans, never a top-up; once per person (moved from another unpaid order of theirs); 400 with the reason (invalid, not started, expired, used, used up, not applicable).',
    tags: ['billing'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    body: ZApplyPromoSchema,
    errors: [404, 409],
    response: ZOrderViewSchema,
  },
  async (_event, { params, body, auth }) => applyPromo(auth.user.id, params.id, body.code),
)
