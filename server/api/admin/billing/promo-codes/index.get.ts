import { defineApiRoute } from '../../../../http'
import { listPromos, ZPromoListSchema } from '../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Promo codes (admin)',
    description: 'The newest 200, with how many orders hold each.',
    tags: ['admin', 'billing'],
    access: 'admin',
    errors: [],
    response: ZPromoListSchema,
  },
  async () => listPromos(),
)
