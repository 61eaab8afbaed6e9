import { readFileSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import type { TSearchEntry, TSearchIndex, TSearchLocale } from '../../server/domains/content/search/types'

/**
 * The labelled search set (test/fixtures/search) and its measures, shared by
 * test/integration/search-quality.test.ts and bench/search.ts: recall@5 (the share of the
 * documents a lawyer expects that are in the first five) and MRR (1 / rank of the first
 * expected one), for our index and for PostgreSQL's stock configuration on the same corpus.
 */

const DIR = path.resolve(import.meta.dirname, '../fixtures/search')

export interface TLabelledQuery {
  q: string
  locale: TSearchLocale
  expected: string[]
  note?: string
}

export function loadCorpus(): TSearchEntry[] {
  const rows = JSON.parse(readFileSync(path.join(DIR, 'corpus.json'), 'utf8')) as Omit<TSearchEntry, 'updatedAt'>[]
  return rows.map((r) => ({ ...r, updatedAt: new Date('2026-12-01T00:00:00Z') }))
}

export function loadQueries(): TLabelledQuery[] {
  return JSON.parse(readFileSync(path.join(DIR, 'queries.json'), 'utf8')) as TLabelledQuery[]
}

/** PostgreSQL's own configuration per locale: the `russian` snowball, `simple` for Kazakh (none ships). */
export const STOCK_CONFIG: Record<TSearchLocale, string> = { ru: 'russian', kk: 'simple', en: 'english' }

/** The same corpus in a table indexed the stock way (same weights: title A, summary B, body C). */
export async function indexStock(client: pg.Client, entries: TSearchEntry[], table = 'stock_search'): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS ${table} (id serial PRIMARY KEY, ref text, locale text, region text, cfg regconfig, document tsvector)`)
  for (const e of entries) {
    const cfg = STOCK_CONFIG[e.locale]
    await client.query(
      `INSERT INTO ${table} (ref, locale, region, cfg, document) VALUES ($1, $2, $3, $4::regconfig,
         setweight(to_tsvector($4::regconfig, $5), 'A') || setweight(to_tsvector($4::regconfig, $6), 'B') || setweight(to_tsvector($4::regconfig, $7), 'C'))`,
      [e.ref, e.locale, e.region, cfg, e.title, [e.summary, ...e.tags].join(' '), e.body],
    )
  }
  await client.query(`CREATE INDEX IF NOT EXISTS ${table}_document ON ${table} USING gin (document)`)
}

export async function stockSearch(client: pg.Client, q: string, locale: TSearchLocale, region = 'kz', limit = 5, table = 'stock_search'): Promise<string[]> {
  const { rows } = await client.query<{ ref: string }>(
    `SELECT ref FROM ${table}, plainto_tsquery($3::regconfig, $1) AS q
     WHERE locale = $2 AND region = $4 AND document @@ q ORDER BY ts_rank_cd(document, q) DESC, id LIMIT ${limit}`,
    [q, locale, STOCK_CONFIG[locale], region],
  )
  return rows.map((r) => r.ref)
}

export async function oursSearch(index: TSearchIndex, q: string, locale: TSearchLocale, region: 'kz' | 'ru' = 'kz', limit = 5): Promise<string[]> {
  return (await index.search({ q, locale, region, limit })).hits.map((h) => h.ref)
}

export interface TQuality {
  queries: number
  recall5: number
  mrr: number
  misses: string[]
}

export async function evaluate(queries: TLabelledQuery[], run: (q: TLabelledQuery) => Promise<string[]>): Promise<TQuality> {
  let recall = 0
  let rr = 0
  const misses: string[] = []
  for (const q of queries) {
    const top = (await run(q)).slice(0, 5)
    const found = q.expected.filter((r) => top.includes(r)).length
    recall += found / q.expected.length
    const rank = top.findIndex((r) => q.expected.includes(r))
    rr += rank === -1 ? 0 : 1 / (rank + 1)
    if (found < q.expected.length) misses.push(`${q.q} → [${top.join(', ')}] wants [${q.expected.join(', ')}]`)
  }
  return { queries: queries.length, recall5: recall / queries.length, mrr: rr / queries.length, misses }
}

export function qualityTable(rows: Array<{ locale: string; ours: TQuality; stock: TQuality }>): string {
  const f = (n: number) => n.toFixed(3)
  const lines = ['locale  queries  recall@5 ours  stock   MRR ours  stock']
  for (const r of rows) {
    lines.push(`${r.locale.padEnd(7)} ${String(r.ours.queries).padStart(7)}  ${f(r.ours.recall5).padStart(13)}  ${f(r.stock.recall5)}   ${f(r.ours.mrr).padStart(8)}  ${f(r.stock.mrr)}`)
  }
  return lines.join('\n')
}
