import { describe, expect, it } from 'vitest'
import { addPeriod, prorate } from '../../server/domains/subscription/periods'
import { PLANS } from '../../shared/subscription'

const d = (s: string) => new Date(s)

describe('periods by the calendar', () => {
  it.each([
    ['2026-01-15T10:00:00.000Z', 'month', '2026-02-15T10:00:00.000Z'],
    ['2026-01-31T10:00:00.000Z', 'month', '2026-02-28T10:00:00.000Z'],
    ['2028-01-31T00:00:00.000Z', 'month', '2028-02-29T00:00:00.000Z'],
    ['2026-03-31T23:59:59.999Z', 'month', '2026-04-30T23:59:59.999Z'],
    ['2026-12-31T12:00:00.000Z', 'month', '2027-01-31T12:00:00.000Z'],
    ['2028-02-29T08:00:00.000Z', 'year', '2029-02-28T08:00:00.000Z'],
    ['2026-06-01T00:00:00.000Z', 'year', '2027-06-01T00:00:00.000Z'],
  ] as const)('%s + 1 %s = %s', (from, period, to) => {
    expect(addPeriod(d(from), period).toISOString()).toBe(to)
  })
})

describe('proration', () => {
  const start = d('2026-04-01T00:00:00.000Z')
  const end = d('2026-05-01T00:00:00.000Z') // 30 days
  const at = (days: number) => new Date(start.getTime() + days * 24 * 3600 * 1000)
  it.each([
    // paid, now (days in), new price → credit, charge
    [490_000, 0, 1_490_000, 490_000, 1_000_000],
    [490_000, 15, 1_490_000, 245_000, 1_245_000],
    [490_000, 10, 1_490_000, 326_666, 1_163_334], // 490000 × 20/30 = 326666.67, rounded down
    [490_000, 29, 1_490_000, 16_333, 1_473_667],
    [490_000, 30, 1_490_000, 0, 1_490_000],
    [490_000, 45, 1_490_000, 0, 1_490_000], // past the end: nothing left to credit
    [490_000, -5, 1_490_000, 490_000, 1_000_000], // a clock before the start credits at most what was paid
    [0, 10, 1_490_000, 0, 1_490_000], // a trial paid nothing
    [1_490_000, 1, 490_000, 1_440_333, 0], // never a negative charge
  ])('paid %i, day %i, new %i → credit %i, charge %i', (paid, day, newPrice, credit, charge) => {
    expect(prorate({ paidMinor: paid, periodStart: start, periodEnd: end, now: at(day), newPriceMinor: newPrice })).toEqual({ creditMinor: credit, amountMinor: charge })
  })

  it('stays exact where price × milliseconds passes 2^53', () => {
    const yStart = d('2026-01-01T00:00:00.000Z')
    const yEnd = d('2027-01-01T00:00:00.000Z')
    const now = new Date(yStart.getTime() + (yEnd.getTime() - yStart.getTime()) / 4)
    expect(prorate({ paidMinor: 999_999_999, periodStart: yStart, periodEnd: yEnd, now, newPriceMinor: 1_000_000_000 })).toEqual({ creditMinor: 749_999_999, amountMinor: 250_000_001 })
  })
})

describe('plans', () => {
  it('rank grows with price in each region, so an upgrade never costs less than the credit it gets', () => {
    for (const plans of Object.values(PLANS)) {
      const byRank = [...plans].sort((a, b) => a.rank - b.rank)
      for (let i = 1; i < byRank.length; i++) expect(byRank[i]!.priceMinor).toBeGreaterThan(byRank[i - 1]!.priceMinor)
      expect(new Set(plans.map((p) => p.code)).size).toBe(plans.length)
    }
  })
})
