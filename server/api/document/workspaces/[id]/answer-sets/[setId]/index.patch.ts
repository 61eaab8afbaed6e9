import { z } from 'zod'
import { defineApiRoute } from '../../../../../../http'
import { updateAnswerSet, ZAnswerSetUpdateSchema, ZAnswerSetViewSchema } from '../../../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Change a workspace answer set',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid(), setId: z.uuid() }),
    body: ZAnswerSetUpdateSchema,
    errors: [404],
    response: ZAnswerSetViewSchema,
  },
  async (_event, { params, body, auth }) => updateAnswerSet({ workspaceId: params.id, actorId: auth.user.id }, params.setId, body),
)
