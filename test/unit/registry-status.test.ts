import { describe, expect, it } from 'vitest'
import { cardStatusOf } from '../../server/domains/registry/status'
import { csvCell } from '../../server/domains/registry/export-cards'
import type { TFileSigningState } from '../../server/domains/explorer'

const IIN = '900101300126'
const IIN2 = '851231400011'
const BIN = '050140005121'
const sig = (id: string, iin: string | null, bin: string | null = null) => ({ id, iin, bin, signedAt: new Date('2026-12-01T10:00:00Z') })
const state = (signatures: TFileSigningState['signatures'], request: NonNullable<TFileSigningState['request']>['status'] | null = null): TFileSigningState => ({
  workspaceId: 'w',
  name: 'f.pdf',
  signatures,
  request: request ? { id: 'r', status: request } : null,
})
const person = (taxId: string | null) => ({ kind: 'person' as const, taxId })
const company = (taxId: string | null) => ({ kind: 'company' as const, taxId })

describe('a card\'s status from its file', () => {
  it('moves draft → sent → partially signed → signed as the parties sign', () => {
    const parties = [person(IIN), company(BIN)]
    expect(cardStatusOf('draft', parties, state([]))).toBe('draft')
    expect(cardStatusOf('draft', parties, state([], 'active'))).toBe('sent')
    expect(cardStatusOf('sent', parties, state([sig('1', IIN)], 'active'))).toBe('partially_signed')
    // The director's certificate carries the company's BIN (and their own IIN).
    expect(cardStatusOf('partially_signed', parties, state([sig('1', IIN), sig('2', IIN2, BIN)], 'completed'))).toBe('signed')
  })

  it('needs each party\'s own signature: another person\'s does not count for them', () => {
    const parties = [person(IIN), person(IIN2)]
    expect(cardStatusOf('sent', parties, state([sig('1', IIN), sig('2', '010101500001')], 'completed'))).toBe('partially_signed')
    // A company party is not satisfied by a person signing with only an IIN equal to the BIN digits.
    expect(cardStatusOf('sent', [company(BIN)], state([sig('1', BIN)], 'completed'))).toBe('partially_signed')
  })

  it('counts parties without a tax id against the number of signatures', () => {
    expect(cardStatusOf('sent', [person(null), person(null)], state([sig('1', IIN)], 'active'))).toBe('partially_signed')
    expect(cardStatusOf('sent', [person(null), person(null)], state([sig('1', IIN), sig('2', IIN2)], 'completed'))).toBe('signed')
  })

  it('with no parties listed: signed when the request completed or someone signed outside a request', () => {
    expect(cardStatusOf('draft', [], state([sig('1', IIN)], 'active'))).toBe('partially_signed')
    expect(cardStatusOf('draft', [], state([sig('1', IIN)], 'completed'))).toBe('signed')
    expect(cardStatusOf('draft', [], state([sig('1', IIN)]))).toBe('signed')
  })

  it('a closed request leaves the card declined or expired unless everyone signed; a cancelled one goes back to draft', () => {
    const parties = [person(IIN), person(IIN2)]
    expect(cardStatusOf('sent', parties, state([sig('1', IIN)], 'declined'))).toBe('declined')
    expect(cardStatusOf('sent', parties, state([], 'expired'))).toBe('expired')
    expect(cardStatusOf('sent', parties, state([], 'cancelled'))).toBe('draft')
    expect(cardStatusOf('sent', parties, state([sig('1', IIN)], 'cancelled'))).toBe('partially_signed')
  })

  it('keeps a terminated card terminated, and a card whose file is gone as it was', () => {
    expect(cardStatusOf('terminated', [person(IIN)], state([], 'active'))).toBe('terminated')
    expect(cardStatusOf('signed', [person(IIN)], null)).toBe('signed')
  })
})

describe('CSV cells', () => {
  it('quotes separators and quotes, and defuses what a spreadsheet would run as a formula', () => {
    expect(csvCell('Договор')).toBe('Договор')
    expect(csvCell('a, b')).toBe('"a, b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('-2')).toBe("'-2")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell(1234.5)).toBe('1234.50')
    expect(csvCell(null)).toBe('')
  })
})
