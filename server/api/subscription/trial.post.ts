import { defineApiRoute } from '../../http'
import { startTrial, ZPlanCodeBodySchema, ZSubscriptionViewSchema } from '../../domains/subscription'

export default defineApiRoute(
  {
    summary: 'Start a free trial',
    description: 'Once per person, without a live plan, on a plan that has trial days.',
    tags: ['subscription'],
    access: 'user',
    status: 201,
    body: ZPlanCodeBodySchema,
    errors: [409],
    response: ZSubscriptionViewSchema,
  },
  async (_event, { body, auth }) => startTrial(auth.user.id, body.planCode, new Date(), auth.user.locale ?? 'ru'),
)
