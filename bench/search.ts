import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import pg from 'pg'
import { createPgSearchIndex, type TSearchEntry } from '../server/domains/content'
import { closeDb, useDb } from '../server/lib/db'
import { dropDatabase, ensureDatabase, migrate } from '../scripts/lib/migrate'
import { evaluate, indexStock, loadCorpus, loadQueries, oursSearch, qualityTable, stockSearch } from '../test/helpers/search-quality'

/**
 * `npm run bench:search`: ranked search (ours: analysed query, AND/OR, facets, marks,
 * top 10) over BENCH_N generated Russian descriptions vs an ILIKE scan of title, summary
 * and body for the same words, the same 200 queries, one run, one throwaway database
 * (dropped after). Then recall@5 of ours and of the stock configuration on the labelled set.
 * Targets: ours p95 < 50 ms and ILIKE / ours ≥ 17× (p50).
 */
process.env.LOG_LEVEL ??= 'warn'
const N = Number(process.env.BENCH_N ?? 100_000)
const QUERIES = 200
const BATCH = 1000
const BASE = process.env.TEST_DATABASE_BASE ?? 'postgresql://postgres@127.0.0.1:5432'
// BENCH_KEEP=1 keeps the database (and names it) for EXPLAIN; BENCH_URL reuses one kept before.
const KEEP = process.env.BENCH_KEEP === '1'
// BENCH_OURS_ONLY=1 times ours alone (no ILIKE scan, no labelled set): for trying changes quickly.
const OURS_ONLY = process.env.BENCH_OURS_ONLY === '1'
const url = process.env.BENCH_URL ?? `${BASE}/d24_bench_search_${randomBytes(3).toString('hex')}`

// A fixed-seed generator: the same corpus and queries every run.
let seed = 20261202
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!

// Titles: a document type, its object and a place, with the forms a real catalog uses
// (genitive after «договор», etc.).
const KINDS = ['Договор аренды', 'Договор купли-продажи', 'Договор дарения', 'Договор залога', 'Договор хранения', 'Договор мены', 'Договор субаренды', 'Договор безвозмездного пользования', 'Доверенность на продажу', 'Акт приёма-передачи', 'Соглашение о разделе', 'Претензия о возмещении стоимости',
  'Договор подряда', 'Договор поставки', 'Договор займа', 'Договор поручительства', 'Договор лизинга', 'Договор комиссии', 'Договор перевозки', 'Договор страхования', 'Договор управления', 'Договор найма', 'Договор ренты', 'Трудовой договор', 'Агентский договор', 'Лицензионный договор', 'Брачный договор',
  'Доверенность на управление', 'Доверенность на получение', 'Исковое заявление о взыскании', 'Заявление о регистрации', 'Расписка в получении', 'Уведомление о расторжении', 'Соглашение о расторжении', 'Дополнительное соглашение об изменении', 'Протокол разногласий по договору', 'Гарантийное письмо об оплате', 'Акт осмотра', 'Акт сверки расчётов', 'Завещание']
const OBJECTS = ['квартиры', 'земельного участка', 'автомобиля', 'нежилого помещения', 'жилого дома', 'гаража', 'офиса', 'склада', 'оборудования', 'строительной техники', 'трактора', 'торгового павильона', 'дачи', 'комнаты в общежитии', 'доли в квартире', 'грузовика', 'мотоцикла', 'катера', 'станка', 'картины']
const PLACES = ['в Алматы', 'в Астане', 'в Шымкенте', 'в Караганде', 'в Актобе', 'в Павлодаре', 'в Костанае', 'в Атырау', 'в области', 'в пригороде']
const PARTIES = ['физическими лицами', 'юридическими лицами', 'родственниками', 'индивидуальным предпринимателем и товариществом', 'супругами', 'соседями', 'компанией и работником']
const TERMS = ['на срок до одного года', 'на неопределённый срок', 'с правом выкупа', 'с отсрочкой платежа', 'с рассрочкой на двенадцать месяцев', 'с обеспечительным платежом', 'с ежемесячной оплатой', 'с предоплатой', 'без залога', 'с неустойкой за просрочку']
const QUERY_WORDS = ['аренда', 'квартира', 'земельный участок', 'автомобиль', 'дарение', 'залог', 'гараж', 'склад', 'оборудование', 'дача', 'рассрочка', 'неустойка', 'субаренда', 'мена', 'хранение', 'доверенность', 'продажа', 'трактор', 'катер', 'акт', 'павильон', 'дом', 'комната', 'подряд', 'поставка', 'заём', 'лизинг', 'перевозка', 'завещание', 'расписка']
const QUERY_PLACES = ['алматы', 'астана', 'шымкент', 'караганда', 'павлодар']

/**
 * The body vocabulary: VOCABULARY words of the ru dictionary (common nouns, verbs and
 * adjectives in their base form, 5–12 letters), used with Zipf frequencies (the word of rank
 * r is drawn with weight 1/r), as real text is: a handful of words are in almost every
 * description, most are in few. A small uniform word list made one body word match ~43% of
 * all rows, which no catalog does.
 */
const VOCABULARY = 6000
function vocabulary(): string[] {
  const dic = readFileSync(new URL('../node_modules/dictionary-ru/index.dic', import.meta.url), 'utf8')
  const words = dic.split('\n').slice(1).map((l) => l.split('/')[0]!).filter((w) => /^[а-я]{5,12}$/.test(w))
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[words[i], words[j]] = [words[j]!, words[i]!]
  }
  return words.slice(0, VOCABULARY)
}
const VOCAB = vocabulary()
/** A sampler of VOCAB by rank with weight 1/rank^s. */
function zipf(s: number): () => string {
  const cum = new Float64Array(VOCAB.length)
  let sum = 0
  VOCAB.forEach((_, r) => (cum[r] = sum += 1 / (r + 1) ** s))
  return () => {
    const x = rnd() * sum
    let lo = 0
    let hi = cum.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cum[mid]! < x) lo = mid + 1
      else hi = mid
    }
    return VOCAB[lo]!
  }
}
const textWord = zipf(1)
// People search for what they need, not for the words every text has: query words follow a
// flatter curve over the same ranks.
const queryWord = zipf(0.5)
const sentence = () => {
  const s = Array.from({ length: 6 + Math.floor(rnd() * 7) }, textWord).join(' ')
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`
}

/** Rows per five-letter word start: the ILIKE baseline's test (`%first five letters%`) at word starts. */
const rowsByPrefix = new Map<string, number>()
function countPrefixes(e: TSearchEntry) {
  const seen = new Set<string>()
  for (const w of `${e.title} ${e.summary} ${e.body}`.toLowerCase().match(/[а-яё]+/g) ?? []) seen.add(w.slice(0, 5))
  for (const p of seen) rowsByPrefix.set(p, (rowsByPrefix.get(p) ?? 0) + 1)
}

function generated(i: number): TSearchEntry {
  const obj = pick(OBJECTS)
  const title = `${pick(KINDS)} ${obj} ${pick(PLACES)}`
  const summary = `Договор между ${pick(PARTIES)} ${pick(TERMS)}. Предмет: ${obj}. ${sentence()}`
  const body = Array.from({ length: 4 + Math.floor(rnd() * 5) }, sentence).join(' ')
  const e: TSearchEntry = {
    ref: `gen-${i}`,
    kind: 'description',
    locale: 'ru',
    region: 'ru',
    path: `/documents/gen-${i}`,
    title,
    summary,
    body,
    sectionId: `s${i % 12}`,
    sectionTitle: `Раздел ${i % 12}`,
    price: pick(['free', 'paid', 'subscription'] as const),
    languages: ['ru'],
    tags: [],
    updatedAt: new Date(),
  }
  countPrefixes(e)
  return e
}

// Half catalog words (document types and objects, frequent by design), half vocabulary words.
function queries(): string[] {
  return Array.from({ length: QUERIES }, () => {
    const n = 1 + Math.floor(rnd() * 3)
    const words = Array.from({ length: n }, (_, k) => (k === 2 ? pick(QUERY_PLACES) : rnd() < 0.5 ? pick(QUERY_WORDS) : queryWord()))
    return [...new Set(words)].join(' ')
  })
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}

async function timed(qs: string[], run: (q: string) => Promise<unknown>): Promise<number[]> {
  for (const q of qs.slice(0, 10)) await run(q) // warm: plans, the dictionary, shared buffers
  const ms: number[] = []
  for (const q of qs) {
    const t = performance.now()
    await run(q)
    ms.push(performance.now() - t)
  }
  return ms
}

// The baseline: what a catalog without full-text search does, giving the same answer shape
// as ours (a total and a first page, title matches first). Each word must appear in one of
// the three fields (a substring match on its first five letters, a crude stem, so forms meet).
async function ilike(client: pg.Client, q: string): Promise<string[]> {
  const words = q.split(/\s+/).filter(Boolean).map((w) => `%${w.slice(0, 5)}%`)
  const where = words.map((_, i) => `(title ILIKE $${i + 1} OR summary ILIKE $${i + 1} OR body ILIKE $${i + 1})`).join(' AND ')
  const { rows } = await client.query<{ ref: string; total: string }>(
    `SELECT ref, count(*) OVER () AS total FROM search_entries WHERE region = 'ru' AND locale = 'ru' AND ${where}
     ORDER BY (title ILIKE $1) DESC, id LIMIT 10`,
    words,
  )
  return rows.map((r) => r.ref)
}

async function main() {
  const load0 = loadavg()
  console.log(`bench:search: ${N} generated descriptions, ${QUERIES} queries; load average ${load0.map((l) => l.toFixed(2)).join(' ')}`)
  await ensureDatabase(url)
  await migrate(url)
  const db = useDb(url)
  const index = createPgSearchIndex(() => db)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    let t = performance.now()
    const have = Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM search_entries WHERE region = 'ru'")).rows[0]!.n)
    for (let i = 0; i < N; i += BATCH) {
      // Rows a kept database has are generated all the same (not written): the queries after
      // them come from the same generator state, so a reused database gets the same queries.
      const batch = Array.from({ length: Math.min(BATCH, N - i) }, (_, k) => generated(i + k))
      if (i + batch.length > have) await db.$transaction((tx) => index.upsert(tx, batch.slice(Math.max(0, have - i))), { timeout: 120_000 })
    }
    const corpus = loadCorpus()
    await db.$transaction((tx) => index.upsert(tx, corpus), { timeout: 120_000 })
    // VACUUM, not only ANALYZE: a bulk load leaves the GIN index's pending list full (fastupdate),
    // which makes the planner scan the table instead; autovacuum empties it in a live catalog.
    await client.query('VACUUM ANALYZE search_entries')
    await client.query('VACUUM ANALYZE search_words')
    console.log(`indexed ${N} entries through the analyser in ${((performance.now() - t) / 1000).toFixed(1)} s`)

    const qs = queries()
    if (rowsByPrefix.size) {
      const terms = qs.flatMap((q) => q.split(/\s+/)).map((w) => (rowsByPrefix.get(w.slice(0, 5)) ?? 0) / N)
      const avg = terms.reduce((a, b) => a + b, 0) / terms.length
      const median = [...terms].sort((a, b) => a - b)[Math.floor(terms.length / 2)]!
      console.log(`query terms: ${terms.length}; share of rows with a word starting as the term does (the ILIKE test): mean ${(avg * 100).toFixed(1)}%, median ${(median * 100).toFixed(2)}%`)
    }
    const ours = await timed(qs, (q) => index.search({ q, locale: 'ru', region: 'ru', limit: 10 }))
    const slowest = ours.map((ms, i) => ({ ms, q: qs[i]! })).sort((a, b) => b.ms - a.ms).slice(0, 8)
    console.log(`ours, slowest: ${slowest.map((s) => `«${s.q}» ${s.ms.toFixed(0)} ms`).join(', ')}`)
    if (OURS_ONLY) {
      console.log(`ours p50 ${percentile(ours, 50).toFixed(1)} ms, p95 ${percentile(ours, 95).toFixed(1)} ms, p99 ${percentile(ours, 99).toFixed(1)} ms (BENCH_OURS_ONLY: no ILIKE, no labelled set); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
      return
    }
    const scan = await timed(qs, (q) => ilike(client, q))
    const fmt = (n: number) => n.toFixed(1).padStart(8)
    console.log('\nmethod                         p50 ms   p95 ms')
    console.log(`ours (ranked, facets, top 10) ${fmt(percentile(ours, 50))} ${fmt(percentile(ours, 95))}`)
    console.log(`ILIKE scan (total, top 10)    ${fmt(percentile(scan, 50))} ${fmt(percentile(scan, 95))}`)
    const ratio50 = percentile(scan, 50) / percentile(ours, 50)
    const ratio95 = percentile(scan, 95) / percentile(ours, 95)
    console.log(`ratio ILIKE / ours: p50 ${ratio50.toFixed(1)}×, p95 ${ratio95.toFixed(1)}× (target ≥ 17×); ours p95 ${percentile(ours, 95).toFixed(1)} ms (target < 50 ms)`)

    t = performance.now()
    await client.query('DROP TABLE IF EXISTS stock_search')
    await indexStock(client, corpus)
    const labelled = loadQueries()
    const rows = []
    for (const locale of ['ru', 'kk'] as const) {
      const set = labelled.filter((q) => q.locale === locale)
      rows.push({
        locale,
        ours: await evaluate(set, (q) => oursSearch(index, q.q, q.locale)),
        stock: await evaluate(set, (q) => stockSearch(client, q.q, q.locale)),
      })
    }
    console.log(`\nlabelled set (with the ${N} generated entries in the same tables):\n${qualityTable(rows)}`)
    console.log(`\nload average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  } finally {
    await client.end()
    await closeDb()
    if (KEEP) console.log(`kept ${url}`)
    else await dropDatabase(url)
  }
}

main().catch(async (e) => {
  console.error(e)
  await closeDb().catch(() => {})
  if (!KEEP) await dropDatabase(url).catch(() => {})
  process.exit(1)
})
