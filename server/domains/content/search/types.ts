import type { TTx } from '../../../lib/db'

/**
 * The search seam. The catalog (descriptions, articles) and later the document domain's
 * templates put what a person can find through `TSearchIndex`; the PostgreSQL
 * implementation (search/pg-index.ts) can be swapped for OpenSearch at scale without
 * touching the callers. Entries are indexed per language: a bilingual description is two
 * entries (ru, kk) with the same `ref`.
 */
export type TSearchKind = 'description' | 'article' | 'template'
export type TSearchLocale = 'ru' | 'kk' | 'en'
export type TSearchPrice = 'free' | 'paid' | 'subscription'

export interface TSearchEntry {
  /** The catalog item's id (description, article, template): one ref, an entry per locale. */
  ref: string
  kind: TSearchKind
  locale: TSearchLocale
  region: 'kz' | 'ru'
  /** Unprefixed public path, e.g. `/documents/dogovor-arendy`. */
  path: string
  title: string
  summary: string
  /** Plain text (no markup) of the rest: purpose, who it suits, the article body. */
  body: string
  /** Facets. */
  sectionId: string | null
  sectionTitle: string | null
  price: TSearchPrice
  /** The languages the document itself is available in (facet "language"). */
  languages: TSearchLocale[]
  tags: string[]
  updatedAt: Date
}

export interface TSearchQuery {
  q: string
  locale: TSearchLocale
  region: 'kz' | 'ru'
  kinds?: TSearchKind[]
  sectionId?: string
  price?: TSearchPrice
  language?: TSearchLocale
  limit?: number
  offset?: number
}

export interface TSearchHit {
  ref: string
  kind: TSearchKind
  path: string
  title: string
  /** Title and snippet as text with the matched words wrapped in «[[» and «]]» (the page escapes, then marks them). */
  titleMarked: string
  snippetMarked: string
  sectionTitle: string | null
  price: TSearchPrice
  score: number
}

export interface TSearchFacetCount {
  value: string
  label: string | null
  count: number
}

export interface TSearchResult {
  total: number
  /** Set when more than `total` match (counted up to a cap); facet counts are then lower bounds too. */
  totalCapped?: boolean
  hits: TSearchHit[]
  facets: { section: TSearchFacetCount[]; price: TSearchFacetCount[]; language: TSearchFacetCount[] }
  /** Set when the query was corrected for a typo («дагавор» → «договор»). */
  correctedQuery?: string
}

/** Writes happen in the caller's transaction, so a publish and its index entry commit together. */
export interface TSearchIndex {
  upsert(tx: TTx, entries: TSearchEntry[]): Promise<void>
  remove(tx: TTx, ref: string): Promise<void>
  search(query: TSearchQuery): Promise<TSearchResult>
}
