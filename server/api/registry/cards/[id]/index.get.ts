import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { getCard, ZCardViewSchema } from '../../../../domains/registry'

export default defineApiRoute(
  {
    summary: 'A registry card',
    description: 'Members of its workspace only (404 otherwise).',
    tags: ['registry'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [404],
    response: ZCardViewSchema,
  },
  async (event, { params, auth }) => getCard(auth, requestMeta(event), params.id),
)
