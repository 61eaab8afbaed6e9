/**
 * Money as people read it, from integer minor units: "5 000 ₸", "1 500,50 ₽", "₸5,000" is
 * not how either market writes it, so the same text everywhere (server and browser print
 * the same, whatever Intl data each runtime has): groups of three with a no-break space,
 * a decimal comma in ru and kk, a point in en, kopecks/tiyn only when there are any.
 */
const SYMBOLS: Record<string, string> = { KZT: '₸', RUB: '₽' }

export function formatMoney(minor: number, currency: string, locale = 'ru'): string {
  const sign = minor < 0 ? '−' : ''
  const abs = Math.abs(Math.trunc(minor))
  const whole = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'en' ? ',' : '\u00a0')
  const cents = abs % 100
  const fraction = cents ? `${locale === 'en' ? '.' : ','}${String(cents).padStart(2, '0')}` : ''
  return `${sign}${whole}${fraction}\u00a0${SYMBOLS[currency] ?? currency}`
}

/** A typed amount in major units ("1500", "1 500,5") as minor units, or null when it is not one. */
export function parseMajorAmount(text: string): number | null {
  const t = text.replace(/[\s\u00a0]/g, '').replace(',', '.')
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(t)) return null
  const [whole, frac = ''] = t.split('.')
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'))
}
