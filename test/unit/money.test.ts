import { describe, expect, it } from 'vitest'
import { formatMoney, parseMajorAmount } from '../../shared/money'

describe('formatMoney', () => {
  it.each([
    [0, 'KZT', 'ru', '0\u00a0₸'],
    [5, 'KZT', 'ru', '0,05\u00a0₸'],
    [500_000, 'KZT', 'kk', '5\u00a0000\u00a0₸'],
    [150_050, 'RUB', 'ru', '1\u00a0500,50\u00a0₽'],
    [123_456_789, 'KZT', 'en', '1,234,567.89\u00a0₸'],
    [-50_000, 'KZT', 'ru', '−500\u00a0₸'],
  ])('%i %s in %s → %s', (minor, currency, locale, text) => {
    expect(formatMoney(minor, currency, locale)).toBe(text)
  })
})

describe('parseMajorAmount', () => {
  it.each([
    ['5000', 500_000],
    ['1 500,5', 150_050],
    ['1500.05', 150_005],
    ['0', 0],
  ])('%s → %i', (text, minor) => expect(parseMajorAmount(text)).toBe(minor))
  it.each(['', '1.234', '-5', 'abc', '1e3', '10000000000'])('%s is not an amount', (text) => expect(parseMajorAmount(text)).toBeNull())
})
