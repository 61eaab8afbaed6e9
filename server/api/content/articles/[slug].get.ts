import { defineApiRoute } from '../../../http'
import { readArticle } from '../../../domains/content'
import { ZPublicArticleSchema, ZPublicLocaleQuerySchema, ZSlugParamsSchema } from '../../../../shared/content'

export default defineApiRoute(
  {
    summary: 'An article by its slug',
    description: 'Published data only, in the language asked (missing text falls back to Russian, then Kazakh).',
    tags: ['content'],
    access: 'public',
    response: ZPublicArticleSchema,
    errors: [404],
    query: ZPublicLocaleQuerySchema,
    params: ZSlugParamsSchema,
  },
  async (_event, { query, params }) => readArticle(params.slug, query.locale),
)
