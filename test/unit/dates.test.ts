import { describe, expect, it } from 'vitest'
import { formatDate, KK_MONTHS, REGION_TIME_ZONES } from '../../shared/dates'

// 10:07:09 UTC on 5 March 2026: 15:07 in Almaty (UTC+5), 13:07 in Moscow (UTC+3).
const AT = '2026-03-05T10:07:09.000Z'
const KZ = REGION_TIME_ZONES.kz
const RU = REGION_TIME_ZONES.ru

describe('formatDate', () => {
  it('ru and kk both read dd.mm.yyyy, in the region time zone', () => {
    expect(formatDate(AT, 'ru', KZ)).toBe('05.03.2026')
    expect(formatDate(AT, 'kk', KZ)).toBe('05.03.2026')
    expect(formatDate(AT, 'kk-KZ', KZ, 'datetime')).toBe('05.03.2026, 15:07')
    expect(formatDate(AT, 'ru', RU, 'datetime')).toBe('05.03.2026, 13:07')
    expect(formatDate(AT, 'en', KZ, 'datetimeSeconds')).toBe('05.03.2026, 15:07:09')
  })

  it('the day follows the region time zone, not the machine', () => {
    // 20:30 UTC is already the next day in Almaty, still the same day in Moscow.
    expect(formatDate('2026-12-31T20:30:00Z', 'ru', KZ)).toBe('01.01.2027')
    expect(formatDate('2026-12-31T20:30:00Z', 'ru', RU)).toBe('31.12.2026')
  })

  it('long form names the month in each language (Kazakh from the table)', () => {
    expect(formatDate(AT, 'ru', KZ, 'long')).toBe('5 марта 2026 г.')
    expect(formatDate(AT, 'kk', KZ, 'long')).toBe('2026 ж. 5 наурыз')
    expect(formatDate(AT, 'en', KZ, 'long')).toBe('5 March 2026')
    expect(KK_MONTHS.map((_, i) => formatDate(Date.UTC(2026, i, 10), 'kk', KZ, 'long').split(' ')[3])).toEqual([...KK_MONTHS])
  })

  it('never falls back to ISO for Kazakh, and leaves a broken value as it came', () => {
    expect(formatDate(new Date(AT), 'kk', KZ, 'datetime')).not.toMatch(/\d{4}-\d{2}-\d{2}/)
    expect(formatDate('not a date', 'ru', KZ)).toBe('not a date')
  })
})
