import { z } from 'zod'
import { defineApiRoute } from '../../../../../http'
import { createAnswerSet, ZAnswerSetInputSchema, ZAnswerSetViewSchema } from '../../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Save a workspace answer set',
    description: 'Members only (404 for anyone else); checked by the questionnaire engine\'s rules.',
    tags: ['document'],
    access: 'user',
    status: 201,
    params: z.object({ id: z.uuid() }),
    body: ZAnswerSetInputSchema,
    errors: [404],
    response: ZAnswerSetViewSchema,
  },
  async (_event, { params, body, auth }) => createAnswerSet({ workspaceId: params.id, actorId: auth.user.id }, body),
)
