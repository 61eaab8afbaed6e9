import { defineApiRoute } from '../../../../http'
import { createPromo, ZCreatePromoSchema, ZPromoViewSchema } from '../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Create a promo code (admin)',
    description: 'A percentage (1–100) or a fixed amount in the site’s currency, with an optional total limit and validity window. 409 when the code exists.',
    tags: ['admin', 'billing'],
    access: 'admin',
    status: 201,
    body: ZCreatePromoSchema,
    errors: [409],
    response: ZPromoViewSchema,
  },
  async (_event, { body, auth }) => createPromo(auth.user.id, body),
)
