import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { useAnswerSet, ZFillingViewSchema, ZUseAnswerSetSchema } from '../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Fill an answer from a saved answer set',
    description: 'The set\'s data is copied into the filling: later edits of the set do not change it.',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    body: ZUseAnswerSetSchema,
    errors: [404, 409],
    response: ZFillingViewSchema,
  },
  async (_event, { params, body, auth }) => useAnswerSet(auth.user.id, params.id, body),
)
