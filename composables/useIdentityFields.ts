import { z } from 'zod'
import { isValidBin, isValidIin, isValidInn, isValidInn10, isValidOgrn } from '#shared/identity-numbers'

/**
 * Optional identity numbers with the same checksums the API applies, so a typo is
 * caught before the request; the API checks again (it decides which region asks what).
 */
const optionalChecked = (check: (v: string) => boolean, code: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || check(v), { params: { code } })

const requiredChecked = (check: (v: string) => boolean, code: string) =>
  z
    .string()
    .trim()
    .min(1)
    .refine((v) => check(v), { params: { code } })

export const ZOptionalIinSchema = optionalChecked(isValidIin, 'invalid_iin')
export const ZOptionalInnSchema = optionalChecked(isValidInn, 'invalid_inn')
export const ZBinSchema = requiredChecked(isValidBin, 'invalid_bin')
export const ZCompanyInnSchema = requiredChecked(isValidInn10, 'invalid_inn')
export const ZOgrnSchema = requiredChecked(isValidOgrn, 'invalid_ogrn')

/** '' → undefined, so an empty optional field is not sent at all. */
export function blankToUndefined<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== '' && v !== undefined && v !== null)) as Partial<T>
}
