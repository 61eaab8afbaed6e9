import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { saveAnswers, ZFillingViewSchema, ZSaveAnswersSchema } from '../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Autosave answers',
    description:
      'Merged over the stored answers (null removes one). Unanswered questions are fine; a wrong value refuses the save (400 with field errors) and the stored answers stay.',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    body: ZSaveAnswersSchema,
    errors: [404, 409],
    response: ZFillingViewSchema,
  },
  async (_event, { params, body, auth }) => saveAnswers(auth.user.id, params.id, body),
)
