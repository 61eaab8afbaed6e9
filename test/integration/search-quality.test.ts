import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPgSearchIndex } from '../../server/domains/content/search'
import { useDb } from '../../server/lib/db'
import { createTestDatabase } from '../helpers/db'
import { evaluate, indexStock, loadCorpus, loadQueries, oursSearch, qualityTable, stockSearch, type TQuality } from '../helpers/search-quality'

// The labelled set (test/fixtures/search) through our index and through PostgreSQL's stock
// configuration, side by side: ours must be clearly better, not merely different.
let db: Awaited<ReturnType<typeof createTestDatabase>>
let client: pg.Client
const results: Record<'ru' | 'kk', { ours: TQuality; stock: TQuality }> = {} as never

beforeAll(async () => {
  db = await createTestDatabase('search_quality')
  client = new pg.Client({ connectionString: db.url })
  await client.connect()
  const corpus = loadCorpus()
  const index = createPgSearchIndex(() => useDb(db.url))
  // The first use loads the Russian dictionary (seconds on a busy machine): longer than the default 5 s.
  await useDb(db.url).$transaction((tx) => index.upsert(tx, corpus), { timeout: 60_000 })
  await indexStock(client, corpus)
  const queries = loadQueries()
  for (const locale of ['ru', 'kk'] as const) {
    const set = queries.filter((q) => q.locale === locale)
    results[locale] = {
      ours: await evaluate(set, (q) => oursSearch(index, q.q, q.locale)),
      stock: await evaluate(set, (q) => stockSearch(client, q.q, q.locale)),
    }
  }
  console.log(`search quality (labelled set, top 5)\n${qualityTable(Object.entries(results).map(([locale, r]) => ({ locale, ...r })))}`)
  for (const [locale, r] of Object.entries(results)) if (r.ours.misses.length) console.log(`ours, ${locale}, not all expected in top 5:\n  ${r.ours.misses.join('\n  ')}`)
}, 120_000)

afterAll(async () => {
  await client?.end()
  await db?.drop()
})

describe('search quality on the labelled set', () => {
  it('has the size the issue asks for (≥ 40 ru and ≥ 15 kk queries)', () => {
    expect(results.ru.ours.queries).toBeGreaterThanOrEqual(40)
    expect(results.kk.ours.queries).toBeGreaterThanOrEqual(15)
  })

  it.each(['ru', 'kk'] as const)('%s: recall@5 ≥ 0.85 and ≥ stock + 0.15; MRR not below stock', (locale) => {
    const { ours, stock } = results[locale]
    expect(ours.recall5).toBeGreaterThanOrEqual(0.85)
    expect(ours.recall5).toBeGreaterThanOrEqual(stock.recall5 + 0.15)
    expect(ours.mrr).toBeGreaterThanOrEqual(stock.mrr)
  })
})
