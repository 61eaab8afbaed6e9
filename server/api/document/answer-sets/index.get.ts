import { z } from 'zod'
import { defineApiRoute } from '../../../http'
import { listAnswerSets, ZAnswerSetViewSchema } from '../../../domains/document'

export default defineApiRoute(
  {
    summary: 'My answer sets',
    tags: ['document'],
    access: 'user',
    errors: [],
    response: z.array(ZAnswerSetViewSchema),
  },
  async (_event, { auth }) => listAnswerSets({ userId: auth.user.id }),
)
