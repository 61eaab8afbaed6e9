/**
 * Checks of bank details, the constructor's «bank details» question: IBAN and BIC in
 * Kazakhstan, settlement account and BIK in Russia. Each check catches what a typo makes
 * (a swapped or wrong digit) before it lands in a signed contract.
 *
 * - IBAN: ISO 13616, the mod-97 check; a Kazakh IBAN has 20 characters: KZ, two check
 *   digits, a three-digit bank code and a 13-character account.
 * - BIC (SWIFT, ISO 9362): 8 or 11 characters, bank, country, location, optional branch.
 * - Russian BIK: 9 digits starting with 04. A settlement account (20 digits) carries a key
 *   computed over the BIK's last three digits and the account (Bank of Russia rule of
 *   1997: weights 7, 1, 3 repeated; the sum ends in 0); a correspondent account's key runs
 *   over «0», the BIK's 5th and 6th digits and the account.
 */

const IBAN_LENGTHS: Readonly<Record<string, number>> = { KZ: 20, RU: 33 }

/** Spaces and case do not matter in what people type: «kz86 125k zt50 0410 0100». */
export function normalizeIban(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase()
}

export function isValidIban(value: string, country?: 'KZ' | 'RU'): boolean {
  const iban = normalizeIban(value)
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(iban)) return false
  const cc = iban.slice(0, 2)
  if (country && cc !== country) return false
  const length = IBAN_LENGTHS[cc]
  if (length !== undefined && iban.length !== length) return false
  if (cc === 'KZ' && !/^KZ\d{2}\d{3}[A-Z0-9]{13}$/.test(iban)) return false
  const rearranged = iban.slice(4) + iban.slice(0, 4)
  let mod = 0
  for (const ch of rearranged) {
    const code = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch
    for (const d of code) mod = (mod * 10 + Number(d)) % 97
  }
  return mod === 1
}

export function isValidBic(value: string, country?: 'KZ' | 'RU'): boolean {
  const bic = value.trim().toUpperCase()
  if (!/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(bic)) return false
  return !country || bic.slice(4, 6) === country
}

export function isValidRuBik(value: string): boolean {
  return /^04\d{7}$/.test(value.trim())
}

const WEIGHTS = [7, 1, 3] as const

function keyOk(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * WEIGHTS[i % 3]!
  return sum % 10 === 0
}

/** A settlement (or other client) account at the bank with this BIK. */
export function isValidRuAccount(account: string, bik: string): boolean {
  const a = account.replace(/\s+/g, '')
  const b = bik.trim()
  return /^\d{20}$/.test(a) && isValidRuBik(b) && keyOk(b.slice(-3) + a)
}

/** The bank's correspondent account at the Bank of Russia. */
export function isValidRuCorrAccount(account: string, bik: string): boolean {
  const a = account.replace(/\s+/g, '')
  const b = bik.trim()
  return /^301\d{17}$/.test(a) && isValidRuBik(b) && keyOk('0' + b.slice(4, 6) + a)
}
