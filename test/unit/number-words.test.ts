import { describe, expect, it } from 'vitest'
import { amountInWords, dateInWords, formatAmountFigures, MAX_IN_WORDS, numberInWords, ruPlural } from '../../shared/number-words'

describe('numberInWords: Russian', () => {
  const table: Array<[number | bigint, string, ('m' | 'f' | 'n')?]> = [
    [0, 'ноль'],
    [1, 'один'],
    [1, 'одна', 'f'],
    [1, 'одно', 'n'],
    [2, 'две', 'f'],
    [11, 'одиннадцать'],
    [21, 'двадцать один'],
    [40, 'сорок'],
    [100, 'сто'],
    [101, 'сто один'],
    [111, 'сто одиннадцать'],
    [1_000, 'одна тысяча'],
    [2_000, 'две тысячи'],
    [5_000, 'пять тысяч'],
    [11_000, 'одиннадцать тысяч'],
    [21_000, 'двадцать одна тысяча'],
    [120_000, 'сто двадцать тысяч'],
    [1_000_000, 'один миллион'],
    [2_500_000, 'два миллиона пятьсот тысяч'],
    [1_001_001, 'один миллион одна тысяча один'],
    [14_000_000, 'четырнадцать миллионов'],
    [1_234_567_891, 'один миллиард двести тридцать четыре миллиона пятьсот шестьдесят семь тысяч восемьсот девяносто один'],
    [
      MAX_IN_WORDS,
      'девятьсот девяносто девять триллионов девятьсот девяносто девять миллиардов девятьсот девяносто девять миллионов девятьсот девяносто девять тысяч девятьсот девяносто девять',
    ],
  ]
  it.each(table)('%s → %s', (n, words, gender) => expect(numberInWords(n, 'ru', gender)).toBe(words))
})

describe('numberInWords: Kazakh', () => {
  const table: Array<[number, string]> = [
    [0, 'нөл'],
    [1, 'бір'],
    [10, 'он'],
    [11, 'он бір'],
    [20, 'жиырма'],
    [45, 'қырық бес'],
    [100, 'жүз'],
    [120, 'жүз жиырма'],
    [200, 'екі жүз'],
    [999, 'тоғыз жүз тоқсан тоғыз'],
    [1_000, 'бір мың'],
    [1_100, 'бір мың жүз'],
    [101_000, 'жүз бір мың'],
    [120_000, 'жүз жиырма мың'],
    [1_000_000, 'бір миллион'],
    [1_001_000, 'бір миллион бір мың'],
    [2_000_000_000, 'екі миллиард'],
  ]
  it.each(table)('%s → %s', (n, words) => expect(numberInWords(n, 'kk')).toBe(words))
})

describe('amountInWords', () => {
  const table: Array<[number, 'KZT' | 'RUB', 'ru' | 'kk', string]> = [
    [12_000_000, 'KZT', 'ru', 'сто двадцать тысяч тенге 00 тиын'],
    [12_000_000, 'KZT', 'kk', 'жүз жиырма мың теңге 00 тиын'],
    [150_050, 'KZT', 'kk', 'бір мың бес жүз теңге 50 тиын'],
    [0, 'KZT', 'kk', 'нөл теңге 00 тиын'],
    [101, 'RUB', 'ru', 'один рубль 01 копейка'],
    [20_502, 'RUB', 'ru', 'двести пять рублей 02 копейки'],
    [1_105, 'RUB', 'ru', 'одиннадцать рублей 05 копеек'],
    [2_200, 'RUB', 'ru', 'двадцать два рубля 00 копеек'],
    [200_000_021, 'RUB', 'ru', 'два миллиона рублей 21 копейка'],
  ]
  it.each(table)('%s %s (%s) → %s', (minor, currency, lang, words) => expect(amountInWords(minor, currency, lang)).toBe(words))

  it('takes bigint minor units beyond 2^53', () => {
    expect(amountInWords(99_999_999_999_999_999n, 'KZT', 'ru')).toMatch(/^девятьсот девяносто девять триллионов .* тенге 99 тиын$/)
  })

  it('refuses what is not a whole non-negative amount in range', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) expect(() => amountInWords(bad, 'KZT', 'ru')).toThrow(RangeError)
    expect(() => amountInWords((MAX_IN_WORDS + 1n) * 100n, 'KZT', 'kk')).toThrow(RangeError)
  })
})

describe('ruPlural', () => {
  it('picks the form by the last two digits', () => {
    const forms = ['рубль', 'рубля', 'рублей'] as const
    expect([1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, 1_000_001].map((n) => ruPlural(n, forms))).toEqual([
      'рубль', 'рубля', 'рубля', 'рублей', 'рублей', 'рублей', 'рублей', 'рубль', 'рубля', 'рублей', 'рубль', 'рублей', 'рублей', 'рубль',
    ])
  })
})

describe('formatAmountFigures', () => {
  it('groups thousands with a no-break space and keeps two minor figures', () => {
    expect(formatAmountFigures(12_000_000)).toBe('120\u00a0000,00')
    expect(formatAmountFigures(5)).toBe('0,05')
    expect(formatAmountFigures(123_456_789_01)).toBe('123\u00a0456\u00a0789,01')
  })
})

describe('dateInWords', () => {
  it('writes a Russian date out as a notary does', () => {
    expect(dateInWords({ year: 2026, month: 12, day: 1 }, 'ru')).toBe('первое декабря две тысячи двадцать шестого года')
    expect(dateInWords({ year: 2025, month: 3, day: 23 }, 'ru')).toBe('двадцать третье марта две тысячи двадцать пятого года')
    expect(dateInWords({ year: 2030, month: 11, day: 30 }, 'ru')).toBe('тридцатое ноября две тысячи тридцатого года')
    expect(dateInWords({ year: 2011, month: 5, day: 11 }, 'ru')).toBe('одиннадцатое мая две тысячи одиннадцатого года')
    expect(dateInWords({ year: 2000, month: 1, day: 10 }, 'ru')).toBe('десятое января двухтысячного года')
    expect(dateInWords({ year: 2040, month: 7, day: 20 }, 'ru')).toBe('двадцатое июля две тысячи сорокового года')
  })

  it('writes a Kazakh date with the month named', () => {
    expect(dateInWords({ year: 2026, month: 12, day: 1 }, 'kk')).toBe('2026 жылғы 1 желтоқсан')
    expect(dateInWords({ year: 2027, month: 3, day: 22 }, 'kk')).toBe('2027 жылғы 22 наурыз')
  })

  it('refuses a day the calendar does not have', () => {
    expect(() => dateInWords({ year: 2026, month: 2, day: 30 }, 'ru')).toThrow(RangeError)
    expect(() => dateInWords({ year: 2026, month: 13, day: 1 }, 'kk')).toThrow(RangeError)
    expect(() => dateInWords({ year: 1999, month: 1, day: 1 }, 'ru')).toThrow(RangeError)
  })
})
