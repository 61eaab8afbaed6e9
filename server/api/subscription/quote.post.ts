import { defineApiRoute } from '../../http'
import { quotePlan, ZPlanCodeBodySchema, ZQuoteSchema } from '../../domains/subscription'

export default defineApiRoute(
  {
    summary: 'What a plan costs me now',
    description: 'New, upgrade (the unused share of the current paid period credited) or renewal, and the amount. Nothing is written; buying is an order with a subscription line.',
    tags: ['subscription'],
    access: 'user',
    body: ZPlanCodeBodySchema,
    errors: [409],
    response: ZQuoteSchema,
  },
  async (_event, { body, auth }) => quotePlan(auth.user.id, body.planCode),
)
