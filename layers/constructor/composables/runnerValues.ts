import type { TSiteLocale } from '#shared/locales'

/**
 * Small helpers of the questionnaire runner's inputs: answers are plain JSON, a composite
 * (person, company, address, bank details) is a record whose empty parts are left out, and
 * an answer emptied completely is removed (autosave sends null for it).
 */
export type TRecord = Record<string, unknown>
export type TFieldErrors = Readonly<Record<string, string>>

export const asRecord = (v: unknown): TRecord => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as TRecord) : {})

const blank = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0)

/** The record with `key` set (or removed when empty); undefined when nothing is left. */
export function withPart(record: unknown, key: string, value: unknown): TRecord | undefined {
  const out: TRecord = { ...asRecord(record) }
  if (blank(value)) delete out[key]
  else out[key] = value
  return Object.keys(out).length ? out : undefined
}

export const asText = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')

/** A typed number: '' is no answer, «1 200,5» is 1200.5, anything else stays text (validation says «type»). */
export function parseNumber(s: string): number | string | undefined {
  const t = s.replace(/[\s\u00a0]/g, '').replace(',', '.')
  if (t === '') return undefined
  const n = Number(t)
  return Number.isFinite(n) && /^-?\d*\.?\d*$/.test(t) ? n : s
}

/** The language the engine prints in and names its errors in. */
export function engineLocale(locale: string): TSiteLocale {
  return locale === 'kk' || locale === 'en' ? locale : 'ru'
}

/** Minor units as money in the page's language: 1250000 KZT → «12 500 ₸». */
export function formatMinor(amountMinor: number, currency: string | null | undefined, locale: string): string {
  // Kazakh writes amounts as Russian does («5 000 ₸»); browsers without Kazakh locale data would print «KZT 5,000».
  const tag = locale === 'kk' ? 'ru-KZ' : locale === 'en' ? 'en-US' : 'ru-RU'
  try {
    return new Intl.NumberFormat(tag, { style: 'currency', currency: currency || 'KZT', maximumFractionDigits: 2, minimumFractionDigits: 0 }).format(amountMinor / 100)
  } catch {
    return `${(amountMinor / 100).toFixed(2)} ${currency ?? ''}`.trim()
  }
}
