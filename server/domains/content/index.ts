// The domain's public surface: the only module other domains and routes import.
export { domain } from './domain'
export { searchIndex, createPgSearchIndex } from './search'
export type { TSearchEntry, TSearchHit, TSearchIndex, TSearchQuery, TSearchResult } from './search'
export { searchContent } from './search/search-content'
export { ZSearchQuerySchema, ZSearchResultSchema, splitMarked, type TSearchAnswer, type TSearchQueryInput } from '../../../shared/search'
