import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPgSearchIndex, type TSearchEntry, type TSearchIndex } from '../../server/domains/content/search'
import { useDb } from '../../server/lib/db'
import { createTestDatabase } from '../helpers/db'

let db: Awaited<ReturnType<typeof createTestDatabase>>
let index: TSearchIndex

function entry(over: Partial<TSearchEntry> & Pick<TSearchEntry, 'ref' | 'title'>): TSearchEntry {
  return {
    kind: 'description',
    locale: 'ru',
    region: 'kz',
    path: `/documents/${over.ref}`,
    summary: '',
    body: '',
    sectionId: 'realty',
    sectionTitle: 'Недвижимость',
    price: 'paid',
    languages: ['ru'],
    tags: [],
    updatedAt: new Date('2026-12-01T00:00:00Z'),
    ...over,
  }
}

const ENTRIES: TSearchEntry[] = [
  entry({
    ref: 'land-sale',
    title: 'Договор купли-продажи земельного участка',
    summary: 'Продавец передаёт покупателю земельный участок.',
    body: 'Кадастровый номер, границы и обременения. '.repeat(10) + 'Расчёты по договору проводятся через банк после регистрации участка.',
    languages: ['ru', 'kk'],
  }),
  entry({ ref: 'land-lease', title: 'Договор аренды земли', summary: 'Аренда земельного участка под строительство.', price: 'free' }),
  entry({ ref: 'job', title: 'Трудовой договор', summary: 'Приём работника на должность.', sectionId: 'work', sectionTitle: 'Трудовые отношения', price: 'free' }),
  entry({ ref: 'job', locale: 'kk', title: 'Еңбек шарты', summary: 'Қызметкерді жұмысқа қабылдау шарттары.', sectionId: 'work', sectionTitle: 'Еңбек' }),
  entry({ ref: 'ru-land', region: 'ru', title: 'Договор купли-продажи земельного участка (РФ)', summary: 'Для России.' }),
]

beforeAll(async () => {
  db = await createTestDatabase('search')
  index = createPgSearchIndex(() => useDb(db.url))
  await useDb(db.url).$transaction((tx) => index.upsert(tx, ENTRIES), { timeout: 60_000 })
}, 120_000)

afterAll(async () => db?.drop())

const refs = async (q: string, more: Partial<Parameters<TSearchIndex['search']>[0]> = {}) =>
  (await index.search({ q, locale: 'ru', region: 'kz', ...more })).hits.map((h) => h.ref)

describe('search index', () => {
  it('writes in the caller’s transaction: a rollback leaves nothing, remove deletes every locale', async () => {
    const tx = useDb(db.url).$transaction(async (t) => {
      await index.upsert(t, [entry({ ref: 'tmp', title: 'Соглашение о неразглашении' })])
      throw new Error('rollback')
    })
    await expect(tx).rejects.toThrow('rollback')
    expect(await refs('неразглашение')).toEqual([])

    await useDb(db.url).$transaction((t) => index.upsert(t, [entry({ ref: 'tmp', title: 'Соглашение о неразглашении' }), entry({ ref: 'tmp', locale: 'kk', title: 'Жарияламау туралы келісім' })]))
    expect(await refs('неразглашения')).toEqual(['tmp'])
    await useDb(db.url).$transaction((t) => index.remove(t, 'tmp'))
    expect(await refs('неразглашение')).toEqual([])
    expect(await refs('жарияламау', { locale: 'kk' })).toEqual([])
  })

  it('upsert replaces an entry (same ref and locale)', async () => {
    await useDb(db.url).$transaction((t) => index.upsert(t, [entry({ ref: 'tmp2', title: 'Договор хранения' })]))
    await useDb(db.url).$transaction((t) => index.upsert(t, [entry({ ref: 'tmp2', title: 'Договор перевозки' })]))
    expect(await refs('хранение')).toEqual([])
    expect(await refs('перевозка')).toEqual(['tmp2'])
    await useDb(db.url).$transaction((t) => index.remove(t, 'tmp2'))
  })

  it('meets across forms: «земельный участок» finds «земельного участка», title first', async () => {
    expect(await refs('земельный участок')).toEqual(['land-sale', 'land-lease'])
  })

  it('keeps locales and regions apart', async () => {
    expect(await refs('трудовой договор')).toEqual(['job'])
    expect(await refs('еңбек шартының', { locale: 'kk' })).toEqual(['job'])
    expect(await refs('еңбек', { locale: 'ru' })).toEqual([])
    expect(await refs('земельный участок', { region: 'ru' })).toEqual(['ru-land'])
  })

  it('filters, and counts facets over the matched set without the facet’s own filter', async () => {
    const all = await index.search({ q: 'договор', locale: 'ru', region: 'kz' })
    expect(all.total).toBe(3)
    expect(all.facets.section).toEqual([
      { value: 'realty', label: 'Недвижимость', count: 2 },
      { value: 'work', label: 'Трудовые отношения', count: 1 },
    ])
    const free = await index.search({ q: 'договор', locale: 'ru', region: 'kz', price: 'free' })
    expect(free.hits.map((h) => h.ref).sort()).toEqual(['job', 'land-lease'])
    // The price facet still shows both prices; the section facet counts free ones only.
    expect(free.facets.price).toEqual([
      { value: 'free', label: null, count: 2 },
      { value: 'paid', label: null, count: 1 },
    ])
    expect(free.facets.section.map((f) => [f.value, f.count])).toEqual([
      ['realty', 1],
      ['work', 1],
    ])
    const kk = await index.search({ q: 'договор', locale: 'ru', region: 'kz', language: 'kk' })
    expect(kk.hits.map((h) => h.ref)).toEqual(['land-sale'])
    expect(kk.facets.language).toEqual([
      { value: 'ru', label: null, count: 3 },
      { value: 'kk', label: null, count: 1 },
    ])
    expect(await refs('договор', { sectionId: 'work' })).toEqual(['job'])
    expect(await refs('договор', { kinds: ['article'] })).toEqual([])
    // Filters that leave none of the full matches do not turn the query into any-word.
    expect(await refs('земельный участок аренда', { price: 'subscription' })).toEqual([])
    const page2 = await index.search({ q: 'договор', locale: 'ru', region: 'kz', limit: 2, offset: 2 })
    expect(page2.hits).toHaveLength(1)
    expect(page2.total).toBe(3)
  })

  it('marks the original words whose lemma matched, and picks the snippet where the matches are', async () => {
    const [hit] = (await index.search({ q: 'земельный участок', locale: 'ru', region: 'kz' })).hits
    expect(hit!.titleMarked).toBe('Договор купли-продажи [[земельного]] [[участка]]')
    expect(hit!.snippetMarked).toMatch(/^Продавец передаёт покупателю \[\[земельный\]\] \[\[участок\]\]\./)
    const [deep] = (await index.search({ q: 'расчёты через банк после регистрации', locale: 'ru', region: 'kz' })).hits
    expect(deep!.snippetMarked.startsWith('…')).toBe(true)
    expect(deep!.snippetMarked).toContain('[[Расчёты]]')
    expect(deep!.snippetMarked).toContain('[[банк]]')
    expect(deep!.snippetMarked).toContain('[[регистрации]] участка.')
  })

  it('corrects a typo to the nearest indexed word and says so', async () => {
    const r = await index.search({ q: 'дагавор аренды', locale: 'ru', region: 'kz' })
    expect(r.correctedQuery).toBe('договор аренды')
    expect(r.hits.map((h) => h.ref)).toEqual(['land-lease'])
    // A real word is not "corrected" into another one.
    expect((await index.search({ q: 'договор дарения', locale: 'ru', region: 'kz' })).correctedQuery).toBeUndefined()
  })

  it('falls back to any word, ranking by how many matched, when no entry has them all', async () => {
    expect(await refs('аренда участка дарение')).toEqual(['land-lease', 'land-sale'])
  })

  it('takes hostile input as plain words', async () => {
    for (const q of ["договор & !аренда | ' :* (", "'); DROP TABLE search_entries; --", '!!!', '   ', '&|!():*', 'а'.repeat(5000)]) {
      const r = await index.search({ q, locale: 'ru', region: 'kz' })
      expect(Array.isArray(r.hits)).toBe(true)
    }
    expect(await refs("договор & !аренда | ':*")).toEqual(['land-lease'])
    expect(await refs('!!! ... ,,,')).toEqual([])
    // A very long query is cut to its first words, not refused by PostgreSQL.
    expect(await refs(`земельный ${'участок '.repeat(2000)}`)).toEqual(['land-sale', 'land-lease'])
  })
})

describe('a word in more rows than the count cap', () => {
  it('answers a capped total with totalCapped, still puts a title match first, and counts a narrow filter exactly', async () => {
    const many = Array.from({ length: 1040 }, (_, i) =>
      entry({ ref: `shelf-${i}`, region: 'ru', title: `Акт осмотра ${i}`, body: 'Осмотр склада: стеллаж исправен.', price: i < 3 ? 'free' : 'paid' }),
    )
    // Written last (the highest id): outside the first rows a capped scan reads, found through the title tier.
    many.push(entry({ ref: 'shelf-title', region: 'ru', title: 'Договор поставки стеллажей', body: 'Поставка.' }))
    await useDb(db.url).$transaction((tx) => index.upsert(tx, many), { timeout: 60_000 })
    const all = await index.search({ q: 'стеллаж', locale: 'ru', region: 'ru' })
    expect(all.total).toBe(1000)
    expect(all.totalCapped).toBe(true)
    expect(all.hits[0]?.ref).toBe('shelf-title')
    const free = await index.search({ q: 'стеллаж', locale: 'ru', region: 'ru', price: 'free' })
    expect(free.total).toBe(3)
    expect(free.totalCapped).toBeUndefined()
    const few = await index.search({ q: 'поставка стеллажей', locale: 'ru', region: 'ru' })
    expect(few.total).toBe(1)
    expect(few.totalCapped).toBeUndefined()
  }, 60_000)
})
