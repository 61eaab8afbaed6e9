import type { TPlanPeriod } from '../../../shared/subscription'

const DAY_MS = 24 * 3600 * 1000

/**
 * The same moment one period later, by the calendar in UTC: a month after 31 January is
 * the last day of February (the day is clamped, never rolled into March), a year after
 * 29 February is 28 February.
 */
export function addPeriod(from: Date, period: TPlanPeriod, count = 1): Date {
  const months = period === 'month' ? count : 12 * count
  const y = from.getUTCFullYear()
  const m = from.getUTCMonth() + months
  const target = new Date(Date.UTC(y, m, 1, from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds()))
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay))
  return target
}

export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS)
}

export interface TProration {
  /** What is left of the current period's price, taken off the new price (rounded down: never more than was paid). */
  creditMinor: number
  /** What the change costs now (never below zero). */
  amountMinor: number
}

/**
 * Upgrading now: the unused share of what was paid for the current period is credited,
 * measured in milliseconds, and the new plan's full price is charged minus that credit.
 * BigInt because price × milliseconds passes 2^53 (1e9 minor × 3e10 ms in a year).
 */
export function prorate(input: { paidMinor: number; periodStart: Date; periodEnd: Date; now: Date; newPriceMinor: number }): TProration {
  const total = BigInt(Math.max(0, input.periodEnd.getTime() - input.periodStart.getTime()))
  const left = BigInt(Math.min(Math.max(0, input.periodEnd.getTime() - input.now.getTime()), Number(total)))
  const credit = total === BigInt(0) ? 0 : Number((BigInt(input.paidMinor) * left) / total)
  return { creditMinor: credit, amountMinor: Math.max(0, input.newPriceMinor - credit) }
}
