import { z } from 'zod'
import { defineApiRoute } from '../../../../http'
import { previewFilling, ZPreviewViewSchema } from '../../../../domains/document'

export default defineApiRoute(
  {
    summary: 'Preview a filling as HTML',
    description: 'Its version\'s body with the answers saved so far (unanswered fields blank).',
    tags: ['document'],
    access: 'user',
    params: z.object({ id: z.uuid() }),
    query: z.object({ locale: z.enum(['ru', 'kk', 'en']).default('ru') }),
    errors: [404],
    response: ZPreviewViewSchema,
  },
  async (_event, { params, query, auth }) => previewFilling(auth.user.id, params.id, query.locale),
)
