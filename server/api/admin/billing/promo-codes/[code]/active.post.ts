import { z } from 'zod'
import { defineApiRoute } from '../../../../../http'
import { setPromoActive, ZPromoCodeSchema, ZPromoViewSchema } from '../../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'Switch a promo code on or off (admin)',
    description: 'A code switched off cannot be applied; orders that hold it keep their discount.',
    tags: ['admin', 'billing'],
    access: 'admin',
    params: z.object({ code: ZPromoCodeSchema }),
    body: z.object({ active: z.boolean() }),
    errors: [404],
    response: ZPromoViewSchema,
  },
  async (_event, { params, body }) => setPromoActive(params.code, body.active),
)
