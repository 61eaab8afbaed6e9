import { z } from 'zod'

/**
 * Catalog search: the query the route and the /search page share, and the answer.
 * The limits mirror the index's (server/domains/content/search/query.ts): a query is a
 * few words; longer text is refused here rather than cut silently.
 */
export const SEARCH_KINDS = ['description', 'article', 'template'] as const
export const SEARCH_LOCALES = ['ru', 'kk', 'en'] as const
export const SEARCH_PRICES = ['free', 'paid', 'subscription'] as const
export const SEARCH_MAX_QUERY = 200
export const SEARCH_PAGE_SIZE = 10

export const ZSearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(SEARCH_MAX_QUERY),
  locale: z.enum(SEARCH_LOCALES).default('ru'),
  kind: z.enum(SEARCH_KINDS).optional(),
  section: z.string().trim().min(1).max(128).optional(),
  price: z.enum(SEARCH_PRICES).optional(),
  language: z.enum(SEARCH_LOCALES).optional(),
  page: z.coerce.number().int().min(1).max(50).default(1),
})
export type TSearchQueryInput = z.infer<typeof ZSearchQuerySchema>

const ZFacetSchema = z.object({ value: z.string(), label: z.string().nullable(), count: z.number().int() })

export const ZSearchResultSchema = z.object({
  total: z.number().int(),
  /** More than `total` match (the count stops at a cap): say «more than». */
  totalCapped: z.boolean().optional(),
  page: z.number().int(),
  pageSize: z.number().int(),
  hits: z.array(
    z.object({
      ref: z.string(),
      kind: z.enum(SEARCH_KINDS),
      path: z.string(),
      title: z.string(),
      /** Matched words inside «[[» «]]»: escape the text, then turn the marks into <mark>. */
      titleMarked: z.string(),
      snippetMarked: z.string(),
      sectionTitle: z.string().nullable(),
      price: z.enum(SEARCH_PRICES),
      score: z.number(),
    }),
  ),
  facets: z.object({ section: z.array(ZFacetSchema), price: z.array(ZFacetSchema), language: z.array(ZFacetSchema) }),
  correctedQuery: z.string().optional(),
})
export type TSearchAnswer = z.infer<typeof ZSearchResultSchema>

export type TMarkedPart = { text: string; marked: boolean }

/**
 * Splits a marked text into parts, so a page renders the marked ones in <mark> through
 * Vue's text interpolation (escaped), never through v-html.
 */
export function splitMarked(marked: string): TMarkedPart[] {
  const parts: TMarkedPart[] = []
  const re = /\[\[(.*?)\]\]/gs
  let at = 0
  for (const m of marked.matchAll(re)) {
    if (m.index > at) parts.push({ text: marked.slice(at, m.index), marked: false })
    parts.push({ text: m[1]!, marked: true })
    at = m.index + m[0].length
  }
  if (at < marked.length) parts.push({ text: marked.slice(at), marked: false })
  return parts
}
