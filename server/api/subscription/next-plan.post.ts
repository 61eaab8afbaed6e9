import { defineApiRoute } from '../../http'
import { buyerSubject, schedulePlanChange, ZPlanCodeBodySchema, ZSubscriptionViewSchema } from '../../domains/subscription'

export default defineApiRoute(
  {
    summary: 'Choose my next plan',
    description: 'A lower plan (or the current one, to withdraw such a choice) taking over when the period ends. A higher plan is bought now through an order. With `workspaceId`: that company workspace’s plan, for its owners and admins (else 403).',
    tags: ['subscription'],
    access: 'user',
    body: ZPlanCodeBodySchema,
    errors: [403, 404, 409],
    response: ZSubscriptionViewSchema,
  },
  async (_event, { body, auth }) => schedulePlanChange(await buyerSubject(auth.user.id, body.workspaceId), body.planCode),
)
