import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { AppError } from '../../lib/errors'
import { passwordStrength } from './password-strength'

/**
 * Password hashing with scrypt. The async node:crypto API runs in libuv's thread
 * pool, so a login never blocks the event loop. Parameters are stored with each
 * hash, so they can be raised later without invalidating existing passwords.
 */
const PARAMS = { N: 16384, r: 8, p: 1 } as const
const KEY_LEN = 32

function derive(password: string, salt: Buffer, keyLen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLen, { ...opts, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    )
  })
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, KEY_LEN, PARAMS)
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string]
  const expected = Buffer.from(keyB64, 'base64url')
  const key = await derive(password, Buffer.from(saltB64, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

// A fixed hash checked when the account does not exist, so "no such user" takes as
// long as "wrong password" and the timing does not reveal which emails are registered.
let dummyHash: Promise<string> | undefined
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-0')
  await verifyPassword(password, await dummyHash)
}

/** min 8 characters, at least one letter and one digit, at most 128 (scrypt input stays bounded). */
export function passwordProblems(password: string): string[] {
  const problems: string[] = []
  if (password.length < 8) problems.push('too_short')
  if (password.length > 128) problems.push('too_long')
  if (!/\p{L}/u.test(password)) problems.push('no_letter')
  if (!/\p{Nd}/u.test(password)) problems.push('no_digit')
  return problems
}

/**
 * The rules above, then the strength estimate (password-strength.ts) for a password
 * being set (register, reset, change); sign-in never checks it, so old passwords still
 * work. `userInputs`: the person's email, phone, name.
 */
export function assertPasswordRules(password: string, path = 'body.password', userInputs: (string | null | undefined)[] = []): void {
  let problems = passwordProblems(password)
  if (problems.length === 0) problems = passwordStrength(password, userInputs.filter((v): v is string => !!v)).problems
  if (problems.length === 0) return
  throw new AppError('VALIDATION', `Password is too weak: ${problems.join(', ')}`, {
    messageKey: 'errors.auth.weak_password',
    fields: problems.map((code) => ({ path, message: `password ${code.replaceAll('_', ' ')}`, code })),
  })
}
