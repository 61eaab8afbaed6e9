import { describe, expect, it } from 'vitest'
import { parseNcaNodeDate } from '../../server/integrations/ncanode/protocol'

describe('NCANode dates', () => {
  it.each([
    // v3 (Jackson's java.util.Date), with and without milliseconds, any offset spelling
    ['2025-01-28T08:31:43.000+00:00', '2025-01-28T08:31:43.000Z'],
    ['2025-01-28T08:31:43.123Z', '2025-01-28T08:31:43.123Z'],
    ['2025-01-28T14:31:43.000+06:00', '2025-01-28T08:31:43.000Z'],
    ['2025-01-28T03:31:43+0500', '2025-01-27T22:31:43.000Z'],
    ['2025-01-28T08:31:43.5-03', '2025-01-28T11:31:43.500Z'],
    // v1/v2 examples and offset-less ISO: UTC, whatever this server's zone
    ['2018-08-22 18:11:36', '2018-08-22T18:11:36.000Z'],
    ['2018-08-22T18:11:36', '2018-08-22T18:11:36.000Z'],
    ['2018-08-22 18:11', '2018-08-22T18:11:00.000Z'],
  ])('%s', (text, iso) => {
    expect(parseNcaNodeDate(text)?.toISOString()).toBe(iso)
  })

  it('takes epoch milliseconds and refuses what is not a date', () => {
    expect(parseNcaNodeDate(1_700_000_000_000)?.toISOString()).toBe('2023-11-14T22:13:20.000Z')
    for (const v of ['2024-02-30 10:00:00', '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z', 'yesterday', '', null, undefined, Number.NaN, {}]) {
      expect(parseNcaNodeDate(v), String(v)).toBeNull()
    }
  })
})
