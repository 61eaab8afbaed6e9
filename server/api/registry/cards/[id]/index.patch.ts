import { z } from 'zod'
import { defineApiRoute, requestMeta } from '../../../../http'
import { updateCard, ZCardViewSchema, ZUpdateCardSchema } from '../../../../domains/registry'

export default defineApiRoute(
  {
    summary: 'Edit a registry card',
    description:
      'Its details; its parties only while none has signed (409 `parties_locked`). `status: terminated` ends a signed card (409 `not_signed`), `status: signed` undoes that. The number never changes. Members with at least the member role.',
    tags: ['registry'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    body: ZUpdateCardSchema,
    errors: [400, 403, 404, 409],
    response: ZCardViewSchema,
  },
  async (event, { params, body, auth }) => updateCard(auth, requestMeta(event), params.id, body),
)
