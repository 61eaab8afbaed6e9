import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { updateAnswerSet, ZAnswerSetUpdateSchema, ZAnswerSetViewSchema } from '../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Change an answer set',
    description: 'Fillings it was used in keep their copy.',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    body: ZAnswerSetUpdateSchema,
    errors: [404],
    response: ZAnswerSetViewSchema,
  },
  async (_event, { params, body, auth }) => updateAnswerSet({ userId: auth.user.id }, params.id, body),
)
