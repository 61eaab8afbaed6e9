/**
 * Display helpers of the public catalog pages, kept apart from shared/content.ts so the
 * pages a visitor opens do not load zod.
 */
export type TPriceView = { kind: 'free' } | { kind: 'subscription' } | { kind: 'paid'; amountMinor: number; currency: 'KZT' | 'RUB' }

/** Minor units as a display amount (250000 KZT → "2 500 ₸"); null when the document is not sold. */
export function formatPrice(price: TPriceView, locale: 'ru' | 'kk' | 'en'): string | null {
  if (price.kind !== 'paid') return null
  const whole = Math.floor(price.amountMinor / 100)
  const frac = price.amountMinor % 100
  const digits = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')
  const sign = price.currency === 'KZT' ? '₸' : '₽'
  return `${digits}${frac ? (locale === 'en' ? '.' : ',') + String(frac).padStart(2, '0') : ''}\u00a0${sign}`
}
