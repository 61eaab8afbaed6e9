/**
 * The sign-in form's own checks, without zod: the login page is the first one many people
 * open on a phone, and zod is the largest script it would load (issue 9). The limits are
 * the ones ZIdentifierSchema and ZPasswordSchema in shared/auth.ts are built from, and
 * test/unit/login-form.test.ts holds the two to the same answer on a table of inputs; the
 * API still validates the body with the zod schemas.
 */
export const IDENTIFIER_MIN = 3
export const IDENTIFIER_MAX = 254
export const PASSWORD_MAX = 128

export type TLoginFormIssue = { name: 'identifier' | 'password'; code: 'required' | 'too_small' | 'too_big' }

export function checkLoginForm(state: { identifier: string; password: string }): TLoginFormIssue[] {
  const issues: TLoginFormIssue[] = []
  // The schema trims the identifier before measuring it, never the password.
  const id = state.identifier.trim()
  if (!id) issues.push({ name: 'identifier', code: 'required' })
  else if (id.length < IDENTIFIER_MIN) issues.push({ name: 'identifier', code: 'too_small' })
  else if (id.length > IDENTIFIER_MAX) issues.push({ name: 'identifier', code: 'too_big' })
  if (!state.password) issues.push({ name: 'password', code: 'required' })
  else if (state.password.length > PASSWORD_MAX) issues.push({ name: 'password', code: 'too_big' })
  return issues
}
