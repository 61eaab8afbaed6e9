import { describe, expect, it, vi } from 'vitest'
import { russianLemmas, russianTerms } from '../../server/domains/content/russian-lemmas'

// Forms a lawyer's query and a document's text use, and the base form both must meet at.
const TABLE: Array<[string, string]> = [
  ['участок', 'участок'],
  ['участка', 'участок'],
  ['участком', 'участок'],
  ['земельного', 'земельный'],
  ['договора', 'договор'],
  ['договоров', 'договор'],
  ['аренды', 'аренда'],
  ['доверенности', 'доверенность'],
  ['уполномочивает', 'уполномочивать'],
  ['помещения', 'помещение'],
  ['нежилого', 'нежилой'],
  ['расписки', 'расписка'],
  ['услуг', 'услуга'],
  ['оказания', 'оказание'],
  ['работника', 'работник'],
  ['трудового', 'трудовой'],
  ['наём', 'наем'],
  ['купли-продажи', 'купля-продажа'],
]

describe('russianLemmas (Hunspell ru)', () => {
  it.each(TABLE)('%s → %s', async (form, lemma) => {
    expect(await russianLemmas(form)).toContain(lemma)
  })

  it('joins what the stock snowball stemmer splits: участок and участка meet', async () => {
    const [a, b] = await Promise.all([russianLemmas('участок'), russianLemmas('участка')])
    expect(a.filter((l) => b.includes(l))).toEqual(['участок'])
  })

  it('keeps the flags of a common word that folds onto a proper noun («Осип», «осип»)', async () => {
    // Both lines are in the dictionary with different flags; before they were merged, the
    // lookup found one of them and the past forms of «осип» (to grow hoarse) were lost.
    expect(await russianLemmas('осипла')).toContain('осип')
  })

  it('gives every reading of an ambiguous form', async () => {
    expect((await russianLemmas('стали')).sort()).toEqual(['сталь', 'стать'])
  })

  it('knows nothing of what is not Russian or not in the dictionary', async () => {
    expect(await russianLemmas('contract')).toEqual([])
    expect(await russianLemmas('шарттың')).toEqual([])
    expect(await russianLemmas('')).toEqual([])
  })
})

describe('russianTerms', () => {
  it('turns a text into lemmas, keeping unknown words as they are', async () => {
    expect(await russianTerms('Договор аренды земельного участка ТОО «Ромашка»')).toEqual(['договор', 'аренда', 'земельный', 'участок', 'тоо', 'ромашка'])
  })
})

describe('the parsed-dictionary cache', () => {
  it('is written by the first load and gives the same lemmas when read back', async () => {
    const { mkdtemp, readdir, rm, writeFile } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const path = await import('node:path')
    const dir = await mkdtemp(path.join(tmpdir(), 'd24-lex-'))
    const before = process.env.D24_CACHE_DIR
    process.env.D24_CACHE_DIR = dir
    const words = ['участка', 'стали', 'купли-продажи', 'услуг', 'осипла']
    try {
      vi.resetModules()
      const parsed = await import('../../server/domains/content/russian-lemmas')
      const fromParse = await Promise.all(words.map((w) => parsed.russianLemmas(w)))
      const files = await readdir(dir)
      expect(files.filter((f) => f.endsWith('.bin'))).toHaveLength(1)
      vi.resetModules()
      const cached = await import('../../server/domains/content/russian-lemmas')
      expect(await Promise.all(words.map((w) => cached.russianLemmas(w)))).toEqual(fromParse)
      // A damaged file is ignored (parsed again), never trusted.
      await writeFile(path.join(dir, files[0]!), 'garbage')
      vi.resetModules()
      const again = await import('../../server/domains/content/russian-lemmas')
      expect(await Promise.all(words.map((w) => again.russianLemmas(w)))).toEqual(fromParse)
    } finally {
      if (before === undefined) delete process.env.D24_CACHE_DIR
      else process.env.D24_CACHE_DIR = before
      await rm(dir, { recursive: true, force: true })
    }
  }, 30_000)
})
