import { amountInWords, dateInWords, formatAmountFigures, numberInWords } from './number-words'
import { fullNameIn, surnameWithInitials, type TPersonName } from './person-names'
import type { TLocalizedText } from './questionnaire'
import { isMoney } from './questionnaire-logic'
import type { TFieldFormat, TWordLang } from './template-body'

/**
 * How one value prints in a document, by the field's format and the language of the text
 * around it (a bilingual column's, or the document's). Returns null for «nothing to print»:
 * the caller shows a blank line. Never throws: a value a helper cannot put in words (a year
 * outside 2000–2099, a number past a quadrillion) prints in figures instead.
 */

export type TOptionLabels = ReadonlyMap<string, ReadonlyMap<string, TLocalizedText>>

export interface TFormatContext {
  lang: TWordLang
  /** Labels of choice options by question key, so a choice prints its label, not its code. */
  options?: TOptionLabels
  /** The question key the value answers (the last key of the field's path). */
  key?: string
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const CURRENCY_NAMES: Record<string, Record<TWordLang, string>> = { KZT: { ru: 'тенге', kk: 'теңге' }, RUB: { ru: 'руб.', kk: 'рубль' } }
const YES_NO: Record<TWordLang, [string, string]> = { ru: ['да', 'нет'], kk: ['иә', 'жоқ'] }

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '')

function isLocalized(v: Record<string, unknown>): v is TLocalizedText {
  const keys = Object.keys(v)
  return typeof v.ru === 'string' && keys.every((k) => (k === 'ru' || k === 'kk' || k === 'en') && typeof v[k] === 'string')
}

function asPerson(v: Record<string, unknown>): TPersonName | null {
  if (!text(v.last) && !text(v.first)) return null
  return { last: text(v.last) || undefined, first: text(v.first) || undefined, middle: text(v.middle) || undefined }
}

function formatNumber(n: number): string {
  // toFixed switches to exponent notation from 1e21: such a number prints as JavaScript writes it.
  if (Math.abs(n) >= 1e21) return String(n)
  const negative = n < 0
  const [whole, fraction] = Math.abs(n).toFixed(6).replace(/0+$/, '').replace(/\.$/, '').split('.')
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')
  return `${negative ? '-' : ''}${grouped}${fraction ? `,${fraction}` : ''}`
}

function safely(f: () => string, fallback: () => string | null): string | null {
  try {
    return f()
  } catch {
    return fallback()
  }
}

function dateParts(v: string): { year: number; month: number; day: number } | null {
  const m = ISO_DATE.exec(v)
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null
}

function plainRecord(v: Record<string, unknown>, ctx: TFormatContext): string | null {
  if (isLocalized(v)) return (ctx.lang === 'kk' && text(v.kk)) || v.ru
  if (isMoney(v)) return `${safely(() => formatAmountFigures(v.amount), () => String(v.amount))} ${CURRENCY_NAMES[v.currency]?.[ctx.lang] ?? v.currency}`
  if (text(v.name)) return text(v.name)
  const person = asPerson(v)
  if (person) return fullNameIn(person, 'nominative')
  // An address or bank details: the parts that are filled, in the order people write them.
  const parts = ['postcode', 'country', 'region', 'city', 'line', 'bankName', 'iban', 'bic', 'account', 'bik', 'corrAccount'].map((k) => text(v[k])).filter(Boolean)
  return parts.length ? parts.join(', ') : null
}

function plain(v: unknown, ctx: TFormatContext): string | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'string') {
    const label = ctx.key ? ctx.options?.get(ctx.key)?.get(v) : undefined
    if (label) return (ctx.lang === 'kk' && text(label.kk)) || label.ru
    const d = dateParts(v)
    return d ? `${String(d.day).padStart(2, '0')}.${String(d.month).padStart(2, '0')}.${d.year}` : v.trim() || null
  }
  if (typeof v === 'number') return Number.isFinite(v) ? formatNumber(v) : null
  if (typeof v === 'boolean') return YES_NO[ctx.lang][v ? 0 : 1]
  if (Array.isArray(v)) {
    const parts = v.map((x) => plain(x, ctx)).filter((x): x is string => Boolean(x))
    return parts.length ? parts.join(', ') : null
  }
  return isRecord(v) ? plainRecord(v, ctx) : null
}

/** The printed text of a value, or null when there is nothing to print. */
export function formatValue(v: unknown, format: TFieldFormat | null | undefined, ctx: TFormatContext): string | null {
  switch (format ?? 'plain') {
    case 'figures':
      if (isMoney(v)) return safely(() => formatAmountFigures(v.amount), () => String(v.amount))
      return typeof v === 'number' ? formatNumber(v) : plain(v, ctx)
    case 'amountWords':
      if (isMoney(v) && (v.currency === 'KZT' || v.currency === 'RUB')) return safely(() => amountInWords(v.amount, v.currency as 'KZT' | 'RUB', ctx.lang), () => plain(v, ctx))
      return formatValue(v, 'numberWords', ctx)
    case 'amountFull': {
      const figures = formatValue(v, 'figures', ctx)
      const words = formatValue(v, 'amountWords', ctx)
      return figures && words && figures !== words ? `${figures} (${words})` : figures
    }
    case 'numberWords': {
      const n = isMoney(v) ? Math.trunc(v.amount / 100) : v
      if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return safely(() => numberInWords(n, ctx.lang), () => plain(v, ctx))
      return plain(v, ctx)
    }
    case 'dateWords': {
      const d = typeof v === 'string' ? dateParts(v) : null
      return d ? safely(() => dateInWords(d, ctx.lang), () => plain(v, ctx)) : plain(v, ctx)
    }
    case 'genitive':
    case 'dative':
    case 'initials': {
      const person = isRecord(v) ? asPerson(v) : null
      if (!person) return plain(v, ctx)
      return format === 'initials' ? surnameWithInitials(person) : fullNameIn(person, format === 'genitive' ? 'genitive' : 'dative')
    }
    default:
      return plain(v, ctx)
  }
}
