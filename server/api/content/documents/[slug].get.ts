import { defineApiRoute } from '../../../http'
import { readDescription } from '../../../domains/content'
import { ZPublicDescriptionSchema, ZPublicLocaleQuerySchema, ZSlugParamsSchema } from '../../../../shared/content'

export default defineApiRoute(
  {
    summary: 'A document description by its slug',
    description: 'Published data only, in the language asked (missing text falls back to Russian, then Kazakh).',
    tags: ['content'],
    access: 'public',
    response: ZPublicDescriptionSchema,
    errors: [404],
    query: ZPublicLocaleQuerySchema,
    params: ZSlugParamsSchema,
  },
  async (_event, { query, params }) => readDescription(params.slug, query.locale),
)
