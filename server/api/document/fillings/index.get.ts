import { z } from 'zod'
import { defineApiRoute } from '../../../http'
import { listMyFillings, ZFillingViewSchema } from '../../../domains/document'

export default defineApiRoute(
  {
    summary: 'My fillings',
    description: 'The caller\'s questionnaires, newest change first.',
    tags: ['document'],
    access: 'user',
    errors: [],
    response: z.array(ZFillingViewSchema),
  },
  async (_event, { auth }) => listMyFillings(auth.user.id),
)
