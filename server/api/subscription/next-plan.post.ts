import { defineApiRoute } from '../../http'
import { schedulePlanChange, ZPlanCodeBodySchema, ZSubscriptionViewSchema } from '../../domains/subscription'

export default defineApiRoute(
  {
    summary: 'Choose my next plan',
    description: 'A lower plan (or the current one, to withdraw such a choice) taking over when the period ends. A higher plan is bought now through an order.',
    tags: ['subscription'],
    access: 'user',
    body: ZPlanCodeBodySchema,
    errors: [404, 409],
    response: ZSubscriptionViewSchema,
  },
  async (_event, { body, auth }) => schedulePlanChange(auth.user.id, body.planCode),
)
