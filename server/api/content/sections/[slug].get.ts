import { defineApiRoute } from '../../../http'
import { readSection } from '../../../domains/content'
import { ZPublicSectionSchema, ZPublicLocaleQuerySchema, ZSlugParamsSchema } from '../../../../shared/content'

export default defineApiRoute(
  {
    summary: 'A catalog section with its folders and descriptions',
    description: 'Published data only, in the language asked (missing text falls back to Russian, then Kazakh).',
    tags: ['content'],
    access: 'public',
    response: ZPublicSectionSchema,
    errors: [404],
    query: ZPublicLocaleQuerySchema,
    params: ZSlugParamsSchema,
  },
  async (_event, { query, params }) => readSection(params.slug, query.locale),
)
