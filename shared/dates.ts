/**
 * One way to show dates and times in every language, on the server and in the browser.
 *
 * Both renderings of a page must produce the same string or Vue reports a hydration
 * mismatch, so nothing here depends on the machine: the time zone is fixed per region
 * (Asia/Almaty on the Kazakhstan site, Europe/Moscow on the Russian one) and the
 * numbers are laid out by hand. Intl is only asked for the wall-clock parts in that
 * zone and, for ru and en, the month names. Kazakh month names come from the table
 * below every time: Chromium ships no Kazakh data (it answers "M03" for a month and
 * ISO for a date) while Node has it, and asking Intl only where it works would make
 * the server and the browser disagree.
 */

export type TDateStyle = 'date' | 'datetime' | 'datetimeSeconds' | 'long'

export const REGION_TIME_ZONES = { kz: 'Asia/Almaty', ru: 'Europe/Moscow' } as const

/** Kazakh month names as written after a day ("5 наурыз 2026 ж."), as in CLDR. */
export const KK_MONTHS = [
  'қаңтар',
  'ақпан',
  'наурыз',
  'сәуір',
  'мамыр',
  'маусым',
  'шілде',
  'тамыз',
  'қыркүйек',
  'қазан',
  'қараша',
  'желтоқсан',
] as const

type TParts = { year: number; month: number; day: number; hour: number; minute: number; second: number }

const partsFormatters = new Map<string, Intl.DateTimeFormat>()
const monthFormatters = new Map<string, Intl.DateTimeFormat>()

/** The wall-clock reading of `date` in `timeZone` (numbers only: the same in every ICU). */
function wallClock(date: Date, timeZone: string): TParts {
  let f = partsFormatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    partsFormatters.set(timeZone, f)
  }
  const out: Record<string, number> = {}
  for (const p of f.formatToParts(date)) if (p.type !== 'literal') out[p.type] = Number(p.value)
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour! % 24, minute: out.minute!, second: out.second! }
}

/** ru and en month names from Intl (genitive in Russian: "5 марта"), Kazakh from the table. */
function monthName(lang: string, month: number): string {
  if (lang === 'kk') return KK_MONTHS[month - 1]!
  const tag = lang === 'ru' ? 'ru' : 'en'
  let f = monthFormatters.get(tag)
  if (!f) {
    // A day in the pattern makes Russian use the genitive form ("марта", not "март").
    f = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', timeZone: 'UTC' })
    monthFormatters.set(tag, f)
  }
  return f.formatToParts(new Date(Date.UTC(2000, month - 1, 15))).find((p) => p.type === 'month')!.value
}

const pad = (n: number) => String(n).padStart(2, '0')

/** The language part of a locale code ("kk-KZ" → "kk"). */
const langOf = (locale: string) => locale.toLowerCase().split(/[-_]/)[0] ?? 'ru'

/**
 * Formats an instant for people: `date` 05.03.2026, `datetime` 05.03.2026, 15:07,
 * `datetimeSeconds` with :ss, `long` 5 марта 2026 г. / 2026 ж. 5 наурыз / 5 March 2026.
 * English keeps day-first numbers too (05.03.2026 reads the same in Kazakhstan and Russia
 * whatever the language). An unparsable value is returned as it came.
 */
export function formatDate(value: string | number | Date, locale: string, timeZone: string, style: TDateStyle = 'date'): string {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return String(value)
  const p = wallClock(date, timeZone)
  const lang = langOf(locale)
  if (style === 'long') {
    const month = monthName(lang, p.month)
    if (lang === 'kk') return `${p.year} ж. ${p.day} ${month}`
    if (lang === 'ru') return `${p.day} ${month} ${p.year} г.`
    return `${p.day} ${month} ${p.year}`
  }
  const day = `${pad(p.day)}.${pad(p.month)}.${p.year}`
  if (style === 'date') return day
  const time = `${pad(p.hour)}:${pad(p.minute)}${style === 'datetimeSeconds' ? `:${pad(p.second)}` : ''}`
  return `${day}, ${time}`
}
