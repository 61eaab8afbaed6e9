import type { TDb, TTx } from '../../../lib/db'
import { buildDocument } from './analyse'
import { correctWords } from './correct'
import { markText, snippet } from './highlight'
import { markableLexemes, queryUnits, queryWords, titleTsquery, toTsquery, unitTsquery, type TQueryUnit } from './query'
import type { TSearchEntry, TSearchHit, TSearchIndex, TSearchQuery, TSearchResult } from './types'

/**
 * The PostgreSQL search index: lexemes analysed in Node (analyse.ts) stored as a weighted
 * tsvector with a GIN index; a query is the AND of its words (each the OR of its lemmas and
 * synonyms), or their OR ranked by how many words matched when the AND finds nothing.
 */

export const MAX_LIMIT = 50
const DEFAULT_LIMIT = 10
export const MAX_OFFSET = 1000
/**
 * ts_rank_cd's weights for D, C, B, A (section, body, summary, title), each at most 1.
 * PostgreSQL's default is {0.1, 0.2, 0.4, 1.0}; here the title counts three times as much
 * against the rest (a query word in the title says more than any count in the body), in
 * one ranking pass rather than a second title-only ts_rank_cd per matched row.
 */
const WEIGHTS = '{0.033,0.067,0.133,1.0}'
/**
 * Totals and facet counts are exact up to this many matches; past it the answer says "more
 * than" (totalCapped) and the page is ranked among a bounded candidate set (run()). Ranking costs ~20 µs a row (ts_rank_cd reads each row's tsvector): a word in
 * every description cost seconds at 100,000 rows for a ranking no one reads past page 5.
 */
export const COUNT_CAP = 1000
/** Rows with the query in the title ranked beside the capped match set. */
const TITLE_CANDIDATES = 300

export function createPgSearchIndex(db: () => TDb): TSearchIndex {
  return {
    upsert: (tx, entries) => upsertEntries(tx, entries),
    async remove(tx, ref) {
      await tx.$executeRawUnsafe('DELETE FROM search_entries WHERE ref = $1', ref)
    },
    search: (query) => search(db(), query),
  }
}

async function upsertEntries(tx: TTx, entries: TSearchEntry[]): Promise<void> {
  if (entries.length === 0) return
  // Last one wins for a repeated (ref, locale): one INSERT … ON CONFLICT cannot touch a row twice.
  const byKey = new Map(entries.map((e) => [`${e.ref}\0${e.locale}`, e]))
  const rows: Record<string, unknown>[] = []
  const words = new Map<string, { locale: string; word: string; lexemes: string[] }>()
  for (const e of byKey.values()) {
    const { tsvector, words: seen } = await buildDocument(
      [
        { text: e.title, weight: 'A' },
        { text: [e.summary, ...e.tags].join('\n'), weight: 'B' },
        { text: e.body, weight: 'C' },
        { text: e.sectionTitle ?? '', weight: 'D' },
      ],
      e.locale,
    )
    rows.push({
      ref: e.ref,
      kind: e.kind,
      locale: e.locale,
      region: e.region,
      path: e.path,
      title: e.title,
      summary: e.summary,
      body: e.body,
      section_id: e.sectionId,
      section_title: e.sectionTitle,
      price: e.price,
      languages: e.languages,
      tags: e.tags,
      document: tsvector,
      updated_at: e.updatedAt.toISOString(),
    })
    for (const [word, lexemes] of seen) words.set(`${e.locale}\0${word}`, { locale: e.locale, word, lexemes })
  }
  // One statement for the batch (a publish writes two entries, a re-index thousands).
  await tx.$executeRawUnsafe(
    `INSERT INTO search_entries (ref, kind, locale, region, path, title, summary, body, section_id, section_title,
       price, languages, tags, document, title_document, updated_at)
     SELECT r.ref, r.kind, r.locale, r.region, r.path, r.title, r.summary, r.body, r.section_id, r.section_title, r.price,
       ARRAY(SELECT jsonb_array_elements_text(r.languages))::varchar(2)[], ARRAY(SELECT jsonb_array_elements_text(r.tags)),
       r.document::tsvector, ts_filter(r.document::tsvector, '{a}'), r.updated_at
     FROM jsonb_to_recordset($1::jsonb) AS r(ref text, kind text, locale text, region text, path text, title text,
       summary text, body text, section_id text, section_title text, price text, languages jsonb, tags jsonb,
       document text, updated_at timestamptz)
     ON CONFLICT (ref, locale) DO UPDATE SET kind = EXCLUDED.kind, region = EXCLUDED.region, path = EXCLUDED.path,
       title = EXCLUDED.title, summary = EXCLUDED.summary, body = EXCLUDED.body, section_id = EXCLUDED.section_id,
       section_title = EXCLUDED.section_title, price = EXCLUDED.price, languages = EXCLUDED.languages,
       tags = EXCLUDED.tags, document = EXCLUDED.document, title_document = EXCLUDED.title_document,
       updated_at = EXCLUDED.updated_at`,
    JSON.stringify(rows),
  )
  if (words.size) {
    await tx.$executeRawUnsafe(
      `INSERT INTO search_words (locale, word, lexemes)
       SELECT w.locale, w.word, ARRAY(SELECT jsonb_array_elements_text(w.lexemes))
       FROM jsonb_to_recordset($1::jsonb) AS w(locale text, word text, lexemes jsonb)
       ON CONFLICT (locale, word) DO NOTHING`,
      JSON.stringify([...words.values()]),
    )
  }
}

interface THitRow {
  ref: string
  kind: TSearchHit['kind']
  path: string
  title: string
  summary: string
  body: string
  section_title: string | null
  price: TSearchHit['price']
  score: number
}

interface TFacetRow {
  facet: 'section' | 'price' | 'language'
  value: string | null
  label: string | null
  count: bigint
}

function emptyResult(correctedQuery?: string): TSearchResult {
  return { total: 0, hits: [], facets: { section: [], price: [], language: [] }, ...(correctedQuery ? { correctedQuery } : {}) }
}

/** Numbered SQL parameters ($1, $2, …) collected while a statement is written. */
class Where {
  readonly params: unknown[] = []
  param(v: unknown): string {
    this.params.push(v)
    return `$${this.params.length}`
  }
}

async function search(db: TDb, query: TSearchQuery): Promise<TSearchResult> {
  const locale = query.locale
  let words = await queryWords(query.q, locale)
  if (words.length === 0) return emptyResult()
  const corrected = await correctWords(db, words, locale)
  let correctedQuery: string | undefined
  if (corrected) {
    words = corrected.words
    correctedQuery = corrected.text(query.q)
  }
  const units = await queryUnits(words, locale)
  const limit = Math.min(Math.max(query.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT)
  const offset = Math.min(Math.max(query.offset ?? 0, 0), MAX_OFFSET)

  let result = await run(db, query, units, 'and', limit, offset)
  // Nothing has every word (whatever the filters): rank what has some, the most words first.
  if (result.matched === 0 && units.length > 1) result = await run(db, query, units, 'or', limit, offset)
  if (result.total === 0) return emptyResult(correctedQuery)

  const wanted = markableLexemes(units)
  const hits: TSearchHit[] = await Promise.all(
    result.rows.map(async (r) => ({
      ref: r.ref,
      kind: r.kind,
      path: r.path,
      title: r.title,
      titleMarked: await markText(r.title, locale, wanted),
      snippetMarked: await snippet(`${r.summary}\n${r.body}`, locale, wanted),
      sectionTitle: r.section_title,
      price: r.price,
      score: Number(r.score),
    })),
  )
  return {
    total: result.total,
    ...(result.capped ? { totalCapped: true } : {}),
    hits,
    facets: result.facets,
    ...(correctedQuery ? { correctedQuery } : {}),
  }
}

interface TRun {
  rows: THitRow[]
  total: number
  matched: number
  capped: boolean
  facets: TSearchResult['facets']
}

function toFacets(facetRows: TFacetRow[]): TSearchResult['facets'] {
  const facets: TSearchResult['facets'] = { section: [], price: [], language: [] }
  for (const f of facetRows) facets[f.facet].push({ value: f.value ?? '', label: f.label, count: Number(f.count) })
  for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
  return facets
}

async function run(db: TDb, query: TSearchQuery, units: TQueryUnit[], mode: 'and' | 'or', limit: number, offset: number): Promise<TRun> {
  const w = new Where()
  const tsq = w.param(toTsquery(units, mode))
  const scope = [`region = ${w.param(query.region)}`, `locale = ${w.param(query.locale)}`]
  if (query.kinds?.length) scope.push(`kind = ANY(${w.param(query.kinds)}::text[])`)
  const base = [...scope, `document @@ ${tsq}::tsquery`]
  const section = query.sectionId ? `section_id = ${w.param(query.sectionId)}` : 'true'
  const price = query.price ? `price = ${w.param(query.price)}` : 'true'
  const language = query.language ? `${w.param(query.language)}::varchar = ANY(languages)` : 'true'
  const filtered = Boolean(query.sectionId || query.price || query.language)
  // In OR mode each word matched counts a whole point, so two words found beat one found often.
  const coverage = mode === 'or' ? units.map((u) => `(document @@ ${w.param(unitTsquery(u))}::tsquery)::int`).join(' + ') : '0'
  const score = `(ts_rank_cd('${WEIGHTS}', document, ${tsq}::tsquery) + ${coverage})::float8`
  const where = base.join(' AND ')
  const filters = `${section} AND ${price} AND ${language}`
  const cap = COUNT_CAP

  // One statement. m: the matched rows, at most COUNT_CAP + 1 of them (a LIMITed scan stops
  // there however many match), each ranked once and kept narrow (no tsvector, no text); up to
  // COUNT_CAP matches everything is exact: the page, the total and the facets come from m.
  // Past it (a word most descriptions have) the total says "more than", the facets count
  // m, and the page is ranked among m plus up to TITLE_CANDIDATES rows with the query in
  // the title (what ranking puts first: the title weighs three times the rest), found through
  // title_document's own GIN index: its lexemes are a subset of the document's, so a title
  // match is a document match. (Re-checking `document` for weight A instead read every row
  // with the word anywhere: 1.4 s for a body word in 85% of rows and in no title.)
  const [r] = await db.$queryRawUnsafe<[{ matched: bigint; total: bigint; hits: THitRow[] | null; facets: TFacetRow[] | null }]>(
    `WITH m AS MATERIALIZED (
       SELECT id, section_id, section_title, price, languages, ${score} AS score
       FROM search_entries WHERE ${where} LIMIT ${cap + 1}
     ),
     capped AS (SELECT count(*) > ${cap} AS yes FROM m),
     f AS (SELECT id, score FROM m WHERE ${filters}),
     t AS (
       SELECT id, ${score} AS score FROM search_entries
       WHERE (SELECT yes FROM capped) AND ${scope.join(' AND ')} AND ${filters} AND title_document @@ ${w.param(titleTsquery(units, mode))}::tsquery
       LIMIT ${TITLE_CANDIDATES}
     ),
     pool AS (SELECT id, score FROM f UNION SELECT id, score FROM t),
     page AS (SELECT id, score FROM pool ORDER BY score DESC, id LIMIT ${limit} OFFSET ${offset})
     SELECT
       (SELECT count(*) FROM m) AS matched,
       ${
         filtered
           ? `CASE WHEN (SELECT yes FROM capped)
                THEN (SELECT count(*) FROM (SELECT 1 FROM search_entries WHERE ${where} AND ${filters} LIMIT ${cap + 1}) x)
                ELSE (SELECT count(*) FROM f) END`
           : '(SELECT count(*) FROM f)'
       } AS total,
       (SELECT json_agg(h ORDER BY h.score DESC, h.id) FROM (
          SELECT e.id, e.ref, e.kind, e.path, e.title, e.summary, e.body, e.section_title, e.price, p.score
          FROM page p JOIN search_entries e ON e.id = p.id) h) AS hits,
       (SELECT json_agg(x) FROM (
          SELECT 'section' AS facet, section_id AS value, max(section_title) AS label, count(*) AS count
            FROM m WHERE ${price} AND ${language} AND section_id IS NOT NULL GROUP BY section_id
          UNION ALL
          SELECT 'price', price, NULL, count(*) FROM m WHERE ${section} AND ${language} GROUP BY price
          UNION ALL
          SELECT 'language', l, NULL, count(*) FROM m, unnest(languages) AS l WHERE ${section} AND ${price} GROUP BY l) x) AS facets`,
    ...w.params,
  )
  const matched = Number(r.matched)
  const total = Number(r.total)
  return {
    rows: r.hits ?? [],
    total: Math.min(total, cap),
    matched,
    capped: total > cap || (matched > cap && !filtered),
    facets: toFacets(r.facets ?? []),
  }
}
