import { defineApiRoute, requestMeta } from '../../http'
import { searchContent } from '../../domains/content'
import { ZSearchQuerySchema, ZSearchResultSchema } from '../../../shared/search'

export default defineApiRoute(
  {
    summary: 'Search the catalog',
    description:
      'Full-text search over descriptions, articles and templates of the site’s region in one language: ranked hits with ' +
      'marked title and snippet («[[word]]»), facet counts (section, price, language) and `correctedQuery` when a typo was corrected.',
    tags: ['content'],
    access: 'public',
    query: ZSearchQuerySchema,
    errors: [429],
    response: ZSearchResultSchema,
  },
  async (event, { query }) => searchContent(query, requestMeta(event)),
)
