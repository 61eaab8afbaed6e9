import { defineApiRoute } from '../../http'
import { cancelSubscription, ZSubscriptionViewSchema } from '../../domains/subscription'

export default defineApiRoute(
  {
    summary: 'Cancel my plan',
    description: 'The plan stays until its period ends and is not renewed; a plan past due ends now.',
    tags: ['subscription'],
    access: 'user',
    errors: [404],
    response: ZSubscriptionViewSchema,
  },
  async (_event, { auth }) => cancelSubscription(auth.user.id),
)
