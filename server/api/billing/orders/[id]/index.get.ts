import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { getOrder, ZOrderViewSchema } from '../../../../domains/billing'

export default defineApiRoute(
  {
    summary: 'One of my orders',
    description: 'With its lines and the history of its states. Another person’s order answers 404.',
    tags: ['billing'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [404],
    response: ZOrderViewSchema,
  },
  async (_event, { params, auth }) => getOrder(auth.user.id, params.id),
)
