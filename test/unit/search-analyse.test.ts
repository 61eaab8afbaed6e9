import { describe, expect, it } from 'vitest'
import { analyse, buildDocument, quoteLexeme } from '../../server/domains/content/search/analyse'
import { levenshtein } from '../../server/domains/content/search/correct'
import { MAX_QUERY_WORDS, queryUnits, queryWords, toTsquery } from '../../server/domains/content/search/query'
import { splitMarked } from '../../shared/search'

describe('search analysis', () => {
  it('gives Russian forms one lemma, Kazakh forms one stem, and drops stop words', async () => {
    const ru = await analyse('Договор аренды земельного участка на год', 'ru')
    expect(ru.map((t) => t.word)).toEqual(['договор', 'аренды', 'земельного', 'участка', 'год'])
    expect(ru[2]!.lexemes).toContain('земельный')
    expect(ru[3]!.lexemes).toContain('участок')
    const kk = await analyse('шарт шартты шарттың', 'kk')
    expect(new Set(kk.map((t) => t.lexemes[0])).size).toBe(1)
    expect((await analyse('Leases and receipts', 'en')).map((t) => t.lexemes[0])).toEqual(['lease', 'receipt'])
  })

  it('builds a weighted tsvector, every lemma of a word at the word’s position', async () => {
    const { tsvector } = await buildDocument(
      [
        { text: 'Расписка', weight: 'A' },
        { text: 'получение стали', weight: 'B' },
      ],
      'ru',
    )
    expect(tsvector).toContain("'расписка':1A")
    // «стали»: steel (сталь) or became (стать); both at the same position.
    expect(tsvector).toMatch(/'сталь':(\d+)B 'стать':\1B/)
  })

  it('quotes lexemes, so input cannot become tsquery syntax', async () => {
    expect(quoteLexeme("a'b\\c")).toBe("'a''b\\\\c'")
    const words = await queryWords("договор & !аренда | ':* (", 'ru')
    expect(words.map((w) => w.word)).toEqual(['договор', 'аренда'])
    const q = toTsquery(await queryUnits(words, 'ru'), 'and')
    expect(q).toBe("((('договор'))) & ((('аренда')))")
  })

  it('bounds a query to its first words', async () => {
    expect(await queryWords('слово '.repeat(500), 'ru')).toHaveLength(MAX_QUERY_WORDS)
  })

  it('expands a synonym phrase into its group', async () => {
    const units = await queryUnits(await queryWords('аренда жилья', 'ru'), 'ru')
    expect(units).toHaveLength(1)
    expect(toTsquery(units, 'and')).toContain("(('договор') & ('найма'))")
  })

  it('levenshtein', () => {
    expect(levenshtein('дагавор', 'договор')).toBe(2)
    expect(levenshtein('', 'аб')).toBe(2)
  })

  it('splits marked text without interpreting anything else', () => {
    expect(splitMarked('a [[<b>]] c')).toEqual([
      { text: 'a ', marked: false },
      { text: '<b>', marked: true },
      { text: ' c', marked: false },
    ])
  })
})
