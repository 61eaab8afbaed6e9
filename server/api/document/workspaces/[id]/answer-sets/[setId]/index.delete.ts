import { z } from 'zod'
import { defineApiRoute } from '../../../../../../http'
import { deleteAnswerSet } from '../../../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Delete a workspace answer set',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid(), setId: z.uuid() }),
    errors: [404],
    response: z.object({ ok: z.literal(true) }),
  },
  async (_event, { params, auth }) => {
    await deleteAnswerSet({ workspaceId: params.id, actorId: auth.user.id }, params.setId)
    return { ok: true as const }
  },
)
