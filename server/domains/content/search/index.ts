import { useDb } from '../../../lib/db'
import { createPgSearchIndex } from './pg-index'
import type { TSearchIndex } from './types'

export type * from './types'
export { createPgSearchIndex } from './pg-index'

/** The catalog's search index (PostgreSQL), on the process's database. */
export const searchIndex: TSearchIndex = createPgSearchIndex(() => useDb())
