import { afterEach, describe, expect, it } from 'vitest'
import { resetConfigForTests } from '../../server/lib/config'
import { isAppError } from '../../server/lib/errors'
import { seal, unseal } from '../../server/lib/seal'

const saved = process.env.AUTH_SECRET
afterEach(() => {
  if (saved === undefined) delete process.env.AUTH_SECRET
  else process.env.AUTH_SECRET = saved
  resetConfigForTests()
})

describe('seal', () => {
  it('round-trips, hides the value and differs on every call', () => {
    const link = 'https://dogovor24.kz/auth/reset-password?token=abc_DEF-123'
    const a = seal(link)
    expect(a).not.toContain('abc_DEF')
    expect(a).not.toBe(seal(link))
    expect(unseal(a)).toBe(link)
  })

  it('refuses a changed value and one sealed under another AUTH_SECRET', () => {
    const sealed = seal('123456')
    const parts = sealed.split('.')
    const flipped = [...parts.slice(0, 3), (parts[3]![0] === 'A' ? 'B' : 'A') + parts[3]!.slice(1)].join('.')
    expect(() => unseal(flipped)).toThrow(/does not open/)
    process.env.AUTH_SECRET = 'another-secret-0123456789abcdef-0123456789'
    resetConfigForTests()
    const err = (() => {
      try {
        unseal(sealed)
      } catch (e) {
        return e
      }
    })()
    expect(isAppError(err) && err.code).toBe('INTERNAL')
    expect(() => unseal('plain-text')).toThrow(/Not a sealed value/)
  })
})
