import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { formValueAt, issueCode } from '../../composables/useFormErrors'
import { ZIdentifierSchema, ZPasswordSchema } from '../../shared/auth'
import { checkLoginForm } from '../../shared/login-form'

// The sign-in page checks without zod; the API checks with the shared schemas. Both must
// give the same answer, field by field and by the issue code the page translates.
const schema = z.object({ identifier: ZIdentifierSchema, password: ZPasswordSchema })

function byZod(state: { identifier: string; password: string }) {
  const r = schema.safeParse(state)
  if (r.success) return []
  return r.error.issues.map((i) => {
    const name = i.path.map(String).join('.')
    // As useFormErrors().validateWith reports it: an empty field is missing, whatever rule it breaks.
    return { name, code: formValueAt(state, name) === '' ? 'required' : issueCode(i) }
  })
}

const long = (n: number) => 'x'.repeat(n)

describe('the sign-in form check agrees with the API schemas', () => {
  it.each([
    ['', ''],
    ['   ', 'secret'],
    ['a@', 'secret'],
    [' ab ', 'secret'],
    ['abc', 'p'],
    ['user@example.kz', ''],
    ['user@example.kz', '   '],
    ['  USER@Example.KZ  ', 'Secret-pass-42'],
    ['+7 (701) 123-45-67', 'Secret-pass-42'],
    ['8701', long(128)],
    ['8701', long(129)],
    [long(254), 'x'],
    [long(255), 'x'],
    [`  ${long(254)}  `, 'x'],
    [long(300), long(300)],
  ])('%j / %j', (identifier, password) => {
    const state = { identifier, password }
    expect(checkLoginForm(state)).toEqual(byZod(state))
  })
})
