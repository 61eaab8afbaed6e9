import { defineApiRoute } from '../../http'
import { getCurrent, ZCurrentSubscriptionSchema } from '../../domains/subscription'

export default defineApiRoute(
  {
    summary: 'My plan',
    description: 'My subscription (the live one, else the last one), what it entitles me to, this period’s use against its limits, whether a free trial is still available, and its recent history.',
    tags: ['subscription'],
    access: 'user',
    errors: [],
    response: ZCurrentSubscriptionSchema,
  },
  async (_event, { auth }) => getCurrent(auth.user.id),
)
