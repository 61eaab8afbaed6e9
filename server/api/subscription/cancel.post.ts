import { defineApiRoute } from '../../http'
import { buyerSubject, cancelSubscription, ZSubscriptionSubjectBodySchema, ZSubscriptionViewSchema } from '../../domains/subscription'

export default defineApiRoute(
  {
    summary: 'Cancel my plan',
    description: 'The plan stays until its period ends and is not renewed; a plan past due ends now. With `workspaceId`: that company workspace’s plan, for its owners and admins (else 403).',
    tags: ['subscription'],
    access: 'user',
    body: ZSubscriptionSubjectBodySchema,
    errors: [403, 404],
    response: ZSubscriptionViewSchema,
  },
  async (_event, { body, auth }) => cancelSubscription(await buyerSubject(auth.user.id, body?.workspaceId)),
)
