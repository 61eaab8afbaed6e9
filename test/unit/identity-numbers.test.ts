import { describe, expect, it } from 'vitest'
import {
  isValidBin,
  isValidIin,
  isValidInn,
  isValidInn10,
  isValidInn12,
  isValidOgrn,
  isValidOgrnip,
  kzControlDigit,
} from '../../shared/identity-numbers'

// Every digit changed in turn (to the next digit mod 10).
function mutations(value: string): string[] {
  return [...value].map((ch, i) => value.slice(0, i) + String((Number(ch) + 1) % 10) + value.slice(i + 1))
}

function wrongCheckDigits(value: string): string[] {
  const last = Number(value.at(-1))
  return [...Array(10).keys()].filter((d) => d !== last).map((d) => value.slice(0, -1) + d)
}

describe('KZ IIN/BIN', () => {
  // Worked by hand: Σ d_i·i = 8+14+0+16+5+12+21+0+0+40+11 = 127; 127 mod 11 = 6.
  const IIN = '870412300416'
  // Worked by hand: first pass 131 mod 11 = 10, second pass (weights 3..11,1,2) 78 mod 11 = 1.
  const IIN_SECOND_PASS = '900101300811'
  const BIN = '050140005121'

  it('accepts valid numbers, including one that needs the second weight pass', () => {
    expect(isValidIin(IIN)).toBe(true)
    expect(isValidIin(IIN_SECOND_PASS)).toBe(true)
    expect(isValidBin(BIN)).toBe(true)
  })

  it('rejects the numbers whose both passes give 10, whatever the 12th digit', () => {
    // 90010130080x: first pass 120 mod 11 = 10, second 76 mod 11 = 10.
    expect(kzControlDigit([...'90010130080'].map(Number))).toBeNull()
    for (let d = 0; d <= 9; d++) expect(isValidIin(`90010130080${d}`)).toBe(false)
  })

  it('rejects every wrong check digit and mutated body digits', () => {
    for (const v of [IIN, IIN_SECOND_PASS]) for (const w of wrongCheckDigits(v)) expect(isValidIin(w), w).toBe(false)
    for (const w of wrongCheckDigits(BIN)) expect(isValidBin(w), w).toBe(false)
    // Digits 1–10 of the hand-checked IIN, except position 4 (see below).
    const caught = mutations(IIN).filter((_m, i) => i < 10 && i !== 3)
    for (const m of caught) expect(isValidIin(m), m).toBe(false)
  })

  it('keeps the published algorithm, blind spots included', () => {
    // d11 has weight 11 ≡ 0 (mod 11) in the first pass: 127 + 11 = 138 ≡ 6 again.
    expect(isValidIin('870412300426')).toBe(true)
    // 4→5 at position 4: first pass 131 ≡ 10, so the second pass decides: 138 ≡ 6 = d12.
    expect(isValidIin('870512300416')).toBe(true)
  })

  it('checks structure: date, century digit, BIN type and attribute digits, length', () => {
    const withCheck = (first11: string) => first11 + String(kzControlDigit([...first11].map(Number)))
    expect(isValidIin(withCheck('87131230041'))).toBe(false) // month 13
    expect(isValidIin(withCheck('87023030041'))).toBe(false) // 30 February
    expect(isValidIin(withCheck('87041270041'))).toBe(false) // century digit 7
    expect(isValidBin(withCheck('05017000512'))).toBe(false) // type digit 7
    expect(isValidBin(withCheck('05014400512'))).toBe(false) // attribute digit 4
    expect(isValidIin('87041230041')).toBe(false)
    expect(isValidIin('8704123004166')).toBe(false)
    expect(isValidIin('87041230041a')).toBe(false)
  })
})

describe('RU INN / OGRN / OGRNIP', () => {
  // By hand: 2·7+4·7+10·0+3·7+5·0+9·8+4·3+6·8+8·9 = 267; 267 mod 11 = 3; mod 10 = 3.
  const INN10 = '7707083893'
  // By hand: d11 = 148 mod 11 = 5; d12 = 141 mod 11 = 9.
  const INN12 = '500100732259'
  // By hand: 102770013219 mod 11 = 5 (alternating digit sum from the right).
  const OGRN = '1027700132195'
  // By hand: 30450011600015 = 13 · 2342308584616 + 7.
  const OGRNIP = '304500116000157'

  it('accepts valid numbers', () => {
    expect(isValidInn(INN10)).toBe(true)
    expect(isValidInn10(INN10)).toBe(true)
    expect(isValidInn(INN12)).toBe(true)
    expect(isValidInn12(INN12)).toBe(true)
    expect(isValidOgrn(OGRN)).toBe(true)
    expect(isValidOgrnip(OGRNIP)).toBe(true)
  })

  it('rejects a mutated digit', () => {
    for (const m of mutations(INN10)) expect(isValidInn(m), m).toBe(false)
    for (const m of mutations(INN12)) expect(isValidInn(m), m).toBe(false)
    for (const m of mutations(OGRN)) expect(isValidOgrn(m), m).toBe(false)
    for (const m of mutations(OGRNIP)) expect(isValidOgrnip(m), m).toBe(false)
    for (const w of wrongCheckDigits(OGRN)) expect(isValidOgrn(w), w).toBe(false)
    for (const w of wrongCheckDigits(OGRNIP)) expect(isValidOgrnip(w), w).toBe(false)
  })

  it('rejects wrong lengths and non-digits', () => {
    expect(isValidInn('770708389')).toBe(false)
    expect(isValidInn('77070838930')).toBe(false)
    expect(isValidInn10(INN12)).toBe(false)
    expect(isValidInn12(INN10)).toBe(false)
    expect(isValidOgrn(OGRNIP)).toBe(false)
    expect(isValidOgrnip(OGRN)).toBe(false)
    expect(isValidInn('77070838 3')).toBe(false)
  })
})
