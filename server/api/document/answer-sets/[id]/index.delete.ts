import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { deleteAnswerSet } from '../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Delete an answer set',
    description: 'Fillings it was used in keep their copy.',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [404],
    response: z.object({ ok: z.literal(true) }),
  },
  async (_event, { params, auth }) => {
    await deleteAnswerSet({ userId: auth.user.id }, params.id)
    return { ok: true as const }
  },
)
