import { defineApiRoute } from '../../http'
import { resumeSubscription, ZSubscriptionViewSchema } from '../../domains/subscription'

export default defineApiRoute(
  {
    summary: 'Keep my plan',
    description: 'Takes back a cancellation before the period ends.',
    tags: ['subscription'],
    access: 'user',
    errors: [404],
    response: ZSubscriptionViewSchema,
  },
  async (_event, { auth }) => resumeSubscription(auth.user.id),
)
