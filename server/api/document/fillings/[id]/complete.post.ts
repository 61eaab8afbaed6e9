import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { completeFilling, ZCompleteFillingSchema, ZFillingViewSchema } from '../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Complete a filling',
    description: 'Full validation (required answers too): 400 with field errors, else the filling is complete and can be generated.',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    body: ZCompleteFillingSchema,
    errors: [404],
    response: ZFillingViewSchema,
  },
  async (_event, { params, body, auth }) => completeFilling(auth.user.id, params.id, body.locale),
)
