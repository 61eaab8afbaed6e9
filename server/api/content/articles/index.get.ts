import { defineApiRoute } from '../../../http'
import { readArticles } from '../../../domains/content'
import { ZPublicArticleListSchema, ZPublicLocaleQuerySchema } from '../../../../shared/content'

export default defineApiRoute(
  {
    summary: 'Published articles (legal guides), newest first',
    description: 'Published data only, in the language asked (missing text falls back to Russian, then Kazakh).',
    tags: ['content'],
    access: 'public',
    response: ZPublicArticleListSchema,
    errors: [],
    query: ZPublicLocaleQuerySchema,
  },
  async (_event, { query }) => readArticles(query.locale),
)
