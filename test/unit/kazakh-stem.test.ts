import { describe, expect, it } from 'vitest'
import { kazakhStem, kazakhTerms } from '../../server/domains/content/kazakh-stem'

// Each row: forms of one word that must meet at one index term.
const PARADIGMS: string[][] = [
  ['шарт', 'шартты', 'шарттың', 'шарттар', 'шарттарының', 'шартқа', 'шартта', 'шарттан', 'шартпен', 'шарты', 'шартымыз', 'шартында'],
  ['келісім', 'келісімге', 'келісімнің', 'келісімі', 'келісімдер', 'келісімді', 'келісімдері'],
  ['сенімхат', 'сенімхатты', 'сенімхаттың', 'сенімхатқа', 'сенімхаттар'],
  ['ақша', 'ақшаны', 'ақшаның', 'ақшаға', 'ақшасы'],
  ['жалдау', 'жалдаудың', 'жалдауға', 'жалдауы', 'жалдаудан'],
  ['тарап', 'тараптар', 'тараптардың', 'тарапқа', 'тараптың'],
  ['қолхат', 'қолхатты', 'қолхаттың', 'қолхатқа'],
  ['үй-жай', 'үй-жайды', 'үй-жайдың', 'үй-жайға'],
]

describe('kazakhStem', () => {
  it.each(PARADIGMS)('forms of «%s» meet', (...forms) => {
    const stems = new Set(forms.map(kazakhStem))
    expect([...stems], forms.join(', ')).toHaveLength(1)
  })

  it('keeps different words apart', () => {
    const words = ['шарт', 'келісім', 'сенімхат', 'ақша', 'жалдау', 'тарап', 'қолхат', 'үй-жай', 'жұмыс', 'қызмет']
    expect(new Set(words.map(kazakhStem)).size).toBe(words.length)
  })

  it('leaves short roots whole and is case-insensitive', () => {
    expect(kazakhStem('үй')).toBe('үй')
    expect(kazakhStem('іс')).toBe('іс')
    expect(kazakhStem('ана')).toBe('ана')
    expect(kazakhStem('ШАРТТЫҢ')).toBe(kazakhStem('шарт'))
  })

  it('leaves what is not a word alone, whatever its length', () => {
    expect(kazakhStem('123')).toBe('123')
    expect(kazakhStem('')).toBe('')
    const long = 'ның'.repeat(10_000)
    expect(kazakhStem(long).length).toBeGreaterThan(0)
  })
})

describe('kazakhTerms', () => {
  it('splits a text into terms, hyphenated words kept together', () => {
    expect(kazakhTerms('Үй-жайды жалдау шартының талаптары')).toEqual([kazakhStem('үй-жай'), kazakhStem('жалдау'), kazakhStem('шарт'), kazakhStem('талап')])
  })
})
