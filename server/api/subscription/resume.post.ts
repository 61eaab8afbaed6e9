import { defineApiRoute } from '../../http'
import { buyerSubject, resumeSubscription, ZSubscriptionSubjectBodySchema, ZSubscriptionViewSchema } from '../../domains/subscription'

export default defineApiRoute(
  {
    summary: 'Keep my plan',
    description: 'Takes back a cancellation before the period ends. With `workspaceId`: that company workspace’s plan, for its owners and admins (else 403).',
    tags: ['subscription'],
    access: 'user',
    body: ZSubscriptionSubjectBodySchema,
    errors: [403, 404],
    response: ZSubscriptionViewSchema,
  },
  async (_event, { body, auth }) => resumeSubscription(await buyerSubject(auth.user.id, body?.workspaceId)),
)
