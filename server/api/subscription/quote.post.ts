import { defineApiRoute } from '../../http'
import { buyerSubject, quotePlan, ZPlanCodeBodySchema, ZQuoteSchema } from '../../domains/subscription'

export default defineApiRoute(
  {
    summary: 'What a plan costs me now',
    description: 'New, upgrade (the unused share of the current paid period credited) or renewal, and the amount. Nothing is written; buying is an order with a subscription line. With `workspaceId`: for that company workspace’s plan, for its owners and admins (else 403).',
    tags: ['subscription'],
    access: 'user',
    body: ZPlanCodeBodySchema,
    errors: [403, 409],
    response: ZQuoteSchema,
  },
  async (_event, { body, auth }) => quotePlan(await buyerSubject(auth.user.id, body.workspaceId), body.planCode),
)
