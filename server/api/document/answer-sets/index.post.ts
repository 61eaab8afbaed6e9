import { defineApiRoute } from '../../../http'
import { createAnswerSet, ZAnswerSetInputSchema, ZAnswerSetViewSchema } from '../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Save an answer set',
    description: 'A person, company, bank details or address, checked by the questionnaire engine\'s rules (400 with field errors).',
    tags: ['document'],
    access: 'user',
    status: 201,
    body: ZAnswerSetInputSchema,
    errors: [],
    response: ZAnswerSetViewSchema,
  },
  async (_event, { body, auth }) => createAnswerSet({ userId: auth.user.id }, body),
)
