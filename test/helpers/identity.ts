import { kzControlDigit } from '../../shared/identity-numbers'

/** A KZ 12-digit number with a valid check digit, from an 11-digit stem plus a serial. */
export function withCheckDigit(stem: string, serialDigits: number): string {
  for (let serial = 1; serial < 10 ** serialDigits; serial++) {
    const first11 = stem + String(serial).padStart(serialDigits, '0')
    const c = kzControlDigit([...first11].map(Number))
    if (c !== null) return first11 + c
  }
  throw new Error(`no valid number for ${stem}`)
}

/** A BIN that passes the checksum: Jan 2021, legal entity (4), head office (0). */
export const validBin = (): string => withCheckDigit('210140', 5)
/** An IIN that passes the checksum: born 1988-05-12, century/sex digit 4 (a woman born in the 1900s). */
export const validIin = (): string => withCheckDigit('8805124', 4)
