import { defineApiRoute } from '../../http'
import { readCatalog } from '../../domains/content'
import { ZPublicCatalogSchema, ZPublicLocaleQuerySchema } from '../../../shared/content'

export default defineApiRoute(
  {
    summary: 'The public catalog: sections, folders, document descriptions',
    description: 'Published data only, in the language asked (missing text falls back to Russian, then Kazakh).',
    tags: ['content'],
    access: 'public',
    response: ZPublicCatalogSchema,
    errors: [],
    query: ZPublicLocaleQuerySchema,
  },
  async (_event, { query }) => readCatalog(query.locale),
)
