import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { getFilling, ZFillingWithQuestionnaireSchema } from '../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Resume a filling',
    description: 'Its answers, current page and its version\'s questionnaire. Someone else\'s filling is 404.',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    errors: [404],
    response: ZFillingWithQuestionnaireSchema,
  },
  async (_event, { params, auth }) => getFilling(auth.user.id, params.id),
)
