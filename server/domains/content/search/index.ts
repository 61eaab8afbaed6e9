// PLACEHOLDER: replaced at merge by the content-search branch
import type { TSearchIndex, TSearchResult } from './types'

/**
 * Keeps the catalog's publish/unpublish path compiling and testable until the real index
 * lands: writes nothing, finds nothing.
 */
const empty: TSearchResult = { total: 0, hits: [], facets: { section: [], price: [], language: [] } }

export const searchIndex: TSearchIndex = {
  async upsert() {},
  async remove() {},
  async search() {
    return empty
  },
}
