/**
 * Numbers and money in words, as contracts in Kazakhstan and Russia write them next to the
 * figures: «120 000 (сто двадцать тысяч) тенге 00 тиын», «жүз жиырма мың теңге 00 тиын».
 *
 * Russian agrees the number with the gender of what it counts (одна тысяча, два рубля, две
 * копейки) and picks one of three noun forms by the last digits (1 рубль, 2 рубля, 5 рублей;
 * 11–14 always take the third). Kazakh has neither: the noun after a number stays singular.
 * Kazakh drops «бір» before жүз (100 = жүз, as «жүз жиырма мың» in the constructor issue) and
 * keeps it before the larger scales (бір мың, бір миллион), which is how tenge amounts are
 * written out in Kazakh contracts and invoices.
 *
 * Amounts are integers of minor units (tiyn, kopecks): money never goes through floats.
 * Shared by the constructor's live preview (browser) and document generation (server).
 */

import { KK_MONTHS } from './dates'

export type TWordsLang = 'ru' | 'kk'
export type TGender = 'm' | 'f' | 'n'
export type TCurrency = 'KZT' | 'RUB'

/** The largest whole amount spelled out: below a quadrillion (ample for contracts). */
export const MAX_IN_WORDS = 999_999_999_999_999n

const RU_ONES: Record<TGender, readonly string[]> = {
  m: ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
  f: ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
  n: ['', 'одно', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
}
const RU_TEENS = ['десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать']
const RU_TENS = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто']
const RU_HUNDREDS = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот']
/** Thousand, million, billion, trillion: [one, few, many] forms and the gender the count takes. */
const RU_SCALES: ReadonlyArray<{ forms: readonly [string, string, string]; gender: TGender }> = [
  { forms: ['тысяча', 'тысячи', 'тысяч'], gender: 'f' },
  { forms: ['миллион', 'миллиона', 'миллионов'], gender: 'm' },
  { forms: ['миллиард', 'миллиарда', 'миллиардов'], gender: 'm' },
  { forms: ['триллион', 'триллиона', 'триллионов'], gender: 'm' },
]

const KK_ONES = ['', 'бір', 'екі', 'үш', 'төрт', 'бес', 'алты', 'жеті', 'сегіз', 'тоғыз']
const KK_TENS = ['', 'он', 'жиырма', 'отыз', 'қырық', 'елу', 'алпыс', 'жетпіс', 'сексен', 'тоқсан']
const KK_SCALES = ['мың', 'миллион', 'миллиард', 'триллион']

/**
 * Which of the three Russian noun forms a count takes: 0 for 1 (21, 101…), 1 for 2–4
 * (22, 103…), 2 for the rest, 11–14 included.
 */
export function ruPluralIndex(n: bigint | number): 0 | 1 | 2 {
  const v = BigInt(n) < 0n ? -BigInt(n) : BigInt(n)
  const last2 = Number(v % 100n)
  const last = last2 % 10
  if (last2 >= 11 && last2 <= 14) return 2
  if (last === 1) return 0
  if (last >= 2 && last <= 4) return 1
  return 2
}

/** The Russian noun form for a count: ruPlural(5, ['рубль', 'рубля', 'рублей']) → 'рублей'. */
export function ruPlural(n: bigint | number, forms: readonly [string, string, string]): string {
  return forms[ruPluralIndex(n)]
}

function ruTriad(n: number, gender: TGender): string[] {
  const out: string[] = []
  const h = Math.floor(n / 100)
  const rest = n % 100
  if (h) out.push(RU_HUNDREDS[h]!)
  if (rest >= 10 && rest < 20) out.push(RU_TEENS[rest - 10]!)
  else {
    if (rest >= 20) out.push(RU_TENS[Math.floor(rest / 10)]!)
    if (rest % 10) out.push(RU_ONES[gender][rest % 10]!)
  }
  return out
}

function kkTriad(n: number): string[] {
  const out: string[] = []
  const h = Math.floor(n / 100)
  const rest = n % 100
  if (h) {
    if (h > 1) out.push(KK_ONES[h]!)
    out.push('жүз')
  }
  if (rest >= 10) out.push(KK_TENS[Math.floor(rest / 10)]!)
  if (rest % 10) out.push(KK_ONES[rest % 10]!)
  return out
}

function toWhole(n: bigint | number, max = MAX_IN_WORDS): bigint {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`Not a whole number within the safe range: ${n}`)
  const v = BigInt(n)
  if (v < 0n) throw new RangeError('Only numbers from zero up are written in words')
  if (v > max) throw new RangeError(`Too large to write in words: ${v}`)
  return v
}

/** Splits into base-1000 groups, lowest first. */
function triads(v: bigint): number[] {
  const out: number[] = []
  do {
    out.push(Number(v % 1000n))
    v /= 1000n
  } while (v > 0n)
  return out
}

/**
 * A whole number in words. `gender` is the Russian gender of what is counted (тысяча and
 * копейка are feminine: «две тысячи», «одна копейка»); Kazakh has none and ignores it.
 */
export function numberInWords(n: bigint | number, lang: TWordsLang, gender: TGender = 'm'): string {
  const v = toWhole(n)
  if (v === 0n) return lang === 'ru' ? 'ноль' : 'нөл'
  const groups = triads(v)
  const words: string[] = []
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!
    if (!g) continue
    if (lang === 'ru') {
      if (i === 0) words.push(...ruTriad(g, gender))
      else {
        const scale = RU_SCALES[i - 1]!
        words.push(...ruTriad(g, scale.gender), ruPlural(g, scale.forms))
      }
    } else {
      // A group of one before a scale keeps its «бір» (бір мың): kkTriad drops it only before жүз.
      words.push(...kkTriad(g))
      if (i > 0) words.push(KK_SCALES[i - 1]!)
    }
  }
  return words.join(' ')
}

interface TCurrencyWords {
  /** Russian: forms of the major unit and its gender; Kazakh: the one form. */
  ru: { major: readonly [string, string, string]; majorGender: TGender; minor: readonly [string, string, string] }
  kk: { major: string; minor: string }
}

// The tenge and the tiyn do not change in Russian contracts of Kazakhstan («сто двадцать
// тысяч тенге 00 тиын», the form the constructor issue asks for); the rouble and the kopeck do.
const CURRENCIES: Record<TCurrency, TCurrencyWords> = {
  KZT: { ru: { major: ['тенге', 'тенге', 'тенге'], majorGender: 'm', minor: ['тиын', 'тиын', 'тиын'] }, kk: { major: 'теңге', minor: 'тиын' } },
  RUB: { ru: { major: ['рубль', 'рубля', 'рублей'], majorGender: 'm', minor: ['копейка', 'копейки', 'копеек'] }, kk: { major: 'рубль', minor: 'тиын' } },
}

/**
 * An amount of money given in minor units, in words with its currency, the minor part as two
 * figures: amountInWords(12_000_000, 'KZT', 'ru') → «сто двадцать тысяч тенге 00 тиын».
 */
export function amountInWords(minorUnits: bigint | number, currency: TCurrency, lang: TWordsLang): string {
  const v = toWhole(minorUnits, MAX_IN_WORDS * 100n + 99n)
  const major = v / 100n
  const minor = v % 100n
  const c = CURRENCIES[currency]
  const minorFigures = minor.toString().padStart(2, '0')
  if (lang === 'ru') {
    return `${numberInWords(major, 'ru', c.ru.majorGender)} ${ruPlural(major, c.ru.major)} ${minorFigures} ${ruPlural(minor, c.ru.minor)}`
  }
  return `${numberInWords(major, 'kk')} ${c.kk.major} ${minorFigures} ${c.kk.minor}`
}

/** Figures grouped by thousands with a no-break space, as contracts print them: 120 000,00. */
export function formatAmountFigures(minorUnits: bigint | number): string {
  const v = toWhole(minorUnits, MAX_IN_WORDS * 100n + 99n)
  const major = (v / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')
  return `${major},${(v % 100n).toString().padStart(2, '0')}`
}

const RU_MONTHS_GENITIVE = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря']
const RU_ORDINAL_ONES_NEUTER = ['', 'первое', 'второе', 'третье', 'четвёртое', 'пятое', 'шестое', 'седьмое', 'восьмое', 'девятое']
const RU_ORDINAL_TEENS_NEUTER = ['десятое', 'одиннадцатое', 'двенадцатое', 'тринадцатое', 'четырнадцатое', 'пятнадцатое', 'шестнадцатое', 'семнадцатое', 'восемнадцатое', 'девятнадцатое']
const RU_ORDINAL_TENS_NEUTER = ['', '', 'двадцатое', 'тридцатое']
const RU_ORDINAL_ONES_GEN = ['', 'первого', 'второго', 'третьего', 'четвёртого', 'пятого', 'шестого', 'седьмого', 'восьмого', 'девятого']
const RU_ORDINAL_TEENS_GEN = ['десятого', 'одиннадцатого', 'двенадцатого', 'тринадцатого', 'четырнадцатого', 'пятнадцатого', 'шестнадцатого', 'семнадцатого', 'восемнадцатого', 'девятнадцатого']
const RU_ORDINAL_TENS_GEN = ['', '', 'двадцатого', 'тридцатого', 'сорокового', 'пятидесятого', 'шестидесятого', 'семидесятого', 'восьмидесятого', 'девяностого']

function ruDayOrdinal(day: number): string {
  if (day >= 10 && day < 20) return RU_ORDINAL_TEENS_NEUTER[day - 10]!
  const tens = Math.floor(day / 10)
  const ones = day % 10
  if (!ones) return RU_ORDINAL_TENS_NEUTER[tens]!
  return [tens ? RU_TENS[tens]! : '', RU_ORDINAL_ONES_NEUTER[ones]!].filter(Boolean).join(' ')
}

/** «две тысячи двадцать шестого»: the year as an ordinal in the genitive (years 2000–2099). */
function ruYearOrdinalGenitive(year: number): string {
  if (year < 2000 || year > 2099) throw new RangeError(`Years in words cover 2000–2099, not ${year}`)
  const rest = year - 2000
  if (rest === 0) return 'двухтысячного'
  let tail: string
  if (rest >= 10 && rest < 20) tail = RU_ORDINAL_TEENS_GEN[rest - 10]!
  else if (rest % 10 === 0) tail = RU_ORDINAL_TENS_GEN[rest / 10]!
  else tail = [rest >= 20 ? RU_TENS[Math.floor(rest / 10)]! : '', RU_ORDINAL_ONES_GEN[rest % 10]!].filter(Boolean).join(' ')
  return `две тысячи ${tail}`
}

/**
 * A calendar date (year, month 1–12, day) written out, as notaries write a power of
 * attorney's date: «первое декабря две тысячи двадцать шестого года». Kazakh: the day and
 * year in figures with the month's name, «2026 жылғы 1 желтоқсан» (the form Kazakh
 * documents use; ordinals in words are not offered in Kazakh).
 */
export function dateInWords(date: { year: number; month: number; day: number }, lang: TWordsLang): string {
  const { year, month, day } = date
  const probe = new Date(Date.UTC(year, month - 1, day))
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date: ${year}-${month}-${day}`)
  }
  if (lang === 'ru') return `${ruDayOrdinal(day)} ${RU_MONTHS_GENITIVE[month - 1]} ${ruYearOrdinalGenitive(year)} года`
  return `${year} жылғы ${day} ${KK_MONTHS[month - 1]}`
}

