/**
 * Checksums of Kazakh and Russian identity numbers (PROTOCOLS.md "Identity numbers").
 * Pure functions: used by auth (IIN, INN) and workspace (BIN, INN, OGRN).
 * Each returns false for anything that is not exactly the right count of digits.
 */

function digitsOf(value: string, length: number): number[] | null {
  if (value.length !== length || !/^\d+$/.test(value)) return null
  return [...value].map(Number)
}

const KZ_WEIGHTS_2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]

/** KZ 12-digit control digit; null when both passes give 10 (such numbers are never issued). */
export function kzControlDigit(first11: number[]): number | null {
  let c = first11.reduce((sum, d, i) => sum + d * (i + 1), 0) % 11
  if (c === 10) c = first11.reduce((sum, d, i) => sum + d * KZ_WEIGHTS_2[i]!, 0) % 11
  return c === 10 ? null : c
}

function kzChecksumOk(d: number[]): boolean {
  const c = kzControlDigit(d.slice(0, 11))
  return c !== null && c === d[11]
}

/** IIN: YYMMDD, century/sex digit 1–6, 4 serial digits, control digit. */
export function isValidIin(value: string): boolean {
  const d = digitsOf(value, 12)
  if (!d) return false
  const centuryDigit = d[6]!
  if (centuryDigit < 1 || centuryDigit > 6) return false
  const century = 1800 + Math.floor((centuryDigit - 1) / 2) * 100
  const year = century + d[0]! * 10 + d[1]!
  const month = d[2]! * 10 + d[3]!
  const day = d[4]! * 10 + d[5]!
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false
  return kzChecksumOk(d)
}

/** BIN: YYMM, type digit 4/5/6, attribute digit 0–3, serial, control digit. */
export function isValidBin(value: string): boolean {
  const d = digitsOf(value, 12)
  if (!d) return false
  const month = d[2]! * 10 + d[3]!
  if (month < 1 || month > 12) return false
  if (d[4]! < 4 || d[4]! > 6) return false
  if (d[5]! > 3) return false
  return kzChecksumOk(d)
}

function weighted(d: number[], weights: number[]): number {
  return (weights.reduce((sum, w, i) => sum + w * d[i]!, 0) % 11) % 10
}

const INN10 = [2, 4, 10, 3, 5, 9, 4, 6, 8]
const INN12_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
const INN12_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]

/** Russian INN of a company (10 digits) or a person (12 digits). */
export function isValidInn(value: string): boolean {
  if (value.length === 10) {
    const d = digitsOf(value, 10)
    return !!d && weighted(d, INN10) === d[9]
  }
  const d = digitsOf(value, 12)
  return !!d && weighted(d, INN12_11) === d[10] && weighted(d, INN12_12) === d[11]
}

export function isValidInn10(value: string): boolean {
  return value.length === 10 && isValidInn(value)
}

export function isValidInn12(value: string): boolean {
  return value.length === 12 && isValidInn(value)
}

/**
 * The remainder of a long decimal number, digit by digit. 12–14 digit numbers exceed
 * 2^53, and BigInt literals break the browser build target these forms share.
 */
function decimalMod(digits: readonly number[], modulus: number): number {
  return digits.reduce((r, digit) => (r * 10 + digit) % modulus, 0)
}

/** OGRN (13 digits): first 12 as an integer mod 11 mod 10 = last digit. */
export function isValidOgrn(value: string): boolean {
  const d = digitsOf(value, 13)
  return !!d && decimalMod(d.slice(0, 12), 11) % 10 === d[12]
}

/** OGRNIP (15 digits): first 14 as an integer mod 13 mod 10 = last digit. */
export function isValidOgrnip(value: string): boolean {
  const d = digitsOf(value, 15)
  return !!d && decimalMod(d.slice(0, 14), 13) % 10 === d[14]
}
