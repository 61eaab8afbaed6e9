import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { passwordStrength, STRENGTH_CODES } from '../../server/domains/auth/password-strength'

const fields = (code: string) =>
  (JSON.parse(readFileSync(resolve(__dirname, `../../locales/${code}.json`), 'utf8')) as { errors: { fields: Record<string, string> } }).errors.fields

describe('password strength', () => {
  it.each(['password1', 'aaaaaaa1', 'qwerty123', 'Secret123', 'Demo12345'])('refuses %s', (p) => {
    const r = passwordStrength(p)
    expect(r.problems).toContain('password_weak')
  })

  it.each(['Tulpan-Kapusta-47', 'Secret-Otter-123', 'a-long-enough-password'])('accepts %s', (p) => {
    expect(passwordStrength(p).problems).toEqual([])
  })

  it('a password built from the person\'s own email is weak', () => {
    expect(passwordStrength('zhanibektulegenov3').problems).toEqual([])
    expect(passwordStrength('zhanibektulegenov3', ['zhanibek.tulegenov@example.kz']).problems).toContain('pw_warn_userInputs')
  })

  it('feedback comes back as our codes, each translated in ru, kk and en', () => {
    const r = passwordStrength('aaaaaaa1')
    expect(r.problems.every((c) => STRENGTH_CODES.includes(c))).toBe(true)
    for (const lang of ['ru', 'kk', 'en']) {
      const f = fields(lang)
      expect(STRENGTH_CODES.filter((c) => typeof f[c] !== 'string'), lang).toEqual([])
    }
  })
})
