import { describe, expect, it } from 'vitest'
import { isValidBic, isValidIban, isValidRuAccount, isValidRuBik, isValidRuCorrAccount, normalizeIban } from '../../shared/bank-details'

// The SWIFT IBAN registry's example for Kazakhstan; the Sberbank BIK and correspondent account.
const KZ_IBAN = 'KZ86125KZT5004100100'
const BIK = '044525225'
const CORR = '30101810400000000225'

/** Every single-digit change of a string of digits, at each position. */
function typos(value: string): string[] {
  const out: string[] = []
  for (let i = 0; i < value.length; i++) {
    if (!/\d/.test(value[i]!)) continue
    for (let d = 0; d <= 9; d++) if (String(d) !== value[i]) out.push(value.slice(0, i) + d + value.slice(i + 1))
  }
  return out
}

/** A valid Russian account from 19 given digits: the 9th digit is the key. */
function withKey(bik: string, digits19: string): string {
  for (let k = 0; k <= 9; k++) {
    const a = digits19.slice(0, 8) + k + digits19.slice(8)
    if (isValidRuAccount(a, bik)) return a
  }
  throw new Error('no key')
}

describe('IBAN', () => {
  it('accepts a Kazakh IBAN as people type it', () => {
    expect(isValidIban(KZ_IBAN)).toBe(true)
    expect(isValidIban('kz86 125k zt50 0410 0100', 'KZ')).toBe(true)
    expect(normalizeIban('kz86 125k zt50 0410 0100')).toBe(KZ_IBAN)
  })

  it('catches every single-digit typo and a swap of neighbours', () => {
    for (const t of typos(KZ_IBAN)) expect(isValidIban(t), t).toBe(false)
    expect(isValidIban('KZ86125KZT5004101000')).toBe(false)
  })

  it('refuses the wrong country, length or shape', () => {
    expect(isValidIban(KZ_IBAN, 'RU')).toBe(false)
    expect(isValidIban(KZ_IBAN + '0')).toBe(false)
    expect(isValidIban('KZ86A25KZT5004100100')).toBe(false)
    expect(isValidIban('')).toBe(false)
  })
})

describe('BIC', () => {
  it('takes 8 or 11 characters and checks the country', () => {
    expect(isValidBic('HSBKKZKX')).toBe(true)
    expect(isValidBic('hsbkkzkx', 'KZ')).toBe(true)
    expect(isValidBic('SABRRUMMXXX', 'RU')).toBe(true)
    expect(isValidBic('HSBKKZKX', 'RU')).toBe(false)
    expect(isValidBic('HSBKKZK')).toBe(false)
    expect(isValidBic('HSBK1ZKX')).toBe(false)
  })
})

describe('Russian BIK and accounts', () => {
  it('accepts the bank and its correspondent account', () => {
    expect(isValidRuBik(BIK)).toBe(true)
    expect(isValidRuCorrAccount(CORR, BIK)).toBe(true)
  })

  it('catches every single-digit typo in a correspondent account', () => {
    for (const t of typos(CORR).filter((t) => t.startsWith('301'))) expect(isValidRuCorrAccount(t, BIK), t).toBe(false)
  })

  it('ties a settlement account to its bank', () => {
    const account = withKey(BIK, '4070281083800000012')
    expect(isValidRuAccount(account, BIK)).toBe(true)
    expect(isValidRuAccount(account.replace(/(.{4})(.{4})/, '$1 $2'), BIK)).toBe(true)
    for (const t of typos(account)) expect(isValidRuAccount(t, BIK), t).toBe(false)
    // The same digits at another bank fail (unless the other BIK's last digits happen to agree).
    expect(isValidRuAccount(account, '044525974')).toBe(false)
  })

  it('refuses malformed values', () => {
    expect(isValidRuBik('144525225')).toBe(false)
    expect(isValidRuBik('04452522')).toBe(false)
    expect(isValidRuAccount('4070281083800000012', BIK)).toBe(false)
    expect(isValidRuCorrAccount('40702810838000000123', BIK)).toBe(false)
  })
})
