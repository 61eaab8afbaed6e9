import { useConfig } from '../../../lib/config'
import { enforceRateLimit, type TRateLimitRule } from '../../../lib/rate-limit'
import { SEARCH_PAGE_SIZE, type TSearchAnswer, type TSearchQueryInput } from '../../../../shared/search'
import { searchIndex } from '.'

/** Per client IP: generous for a person typing, a ceiling for a scraper (each query costs a few index scans). */
export const SEARCH_IP_LIMIT: TRateLimitRule = { name: 'search:ip', limit: 120, windowMs: 60_000 }

/** The public catalog search (GET /api/content/search): the region is the site's own. */
export async function searchContent(input: TSearchQueryInput, meta: { ip: string | null }): Promise<TSearchAnswer> {
  await enforceRateLimit(SEARCH_IP_LIMIT, meta.ip ?? 'unknown')
  const result = await searchIndex.search({
    q: input.q,
    locale: input.locale,
    region: useConfig().REGION,
    ...(input.kind ? { kinds: [input.kind] } : {}),
    ...(input.section ? { sectionId: input.section } : {}),
    ...(input.price ? { price: input.price } : {}),
    ...(input.language ? { language: input.language } : {}),
    limit: SEARCH_PAGE_SIZE,
    offset: (input.page - 1) * SEARCH_PAGE_SIZE,
  })
  return { ...result, page: input.page, pageSize: SEARCH_PAGE_SIZE }
}
