import { AppError, type TFieldIssue } from '../lib/errors'

/**
 * Values PostgreSQL refuses with a 22xxx error (a 500 if they reach it): a NUL
 * character in text (22021), a lone UTF-16 surrogate, which has no UTF-8 form
 * (22P02), and dates it cannot store or that no person means (22008). Refused at
 * the edge for every route, whatever its schema says.
 */
export const DATE_MIN = Date.UTC(1000, 0, 1)
export const DATE_MAX = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

function badString(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain NUL characters'
  if (!s.isWellFormed()) return 'must be valid Unicode text (lone surrogate)'
  return undefined
}

const MAX_DEPTH = 64

/** Every string (keys too) and Date in a parsed input value; the first offenders, as field issues. */
export function unsafeInput(where: string, value: unknown): TFieldIssue[] {
  const found: TFieldIssue[] = []
  const walk = (v: unknown, path: string[], depth: number) => {
    if (found.length >= 10) return
    if (typeof v === 'string') {
      const why = badString(v)
      if (why) found.push({ path: [where, ...path].join('.'), message: why, code: 'invalid_string' })
    } else if (v instanceof Date) {
      const t = v.getTime()
      if (!(t >= DATE_MIN && t <= DATE_MAX)) found.push({ path: [where, ...path].join('.'), message: 'date out of range', code: 'invalid_date' })
    } else if (v && typeof v === 'object') {
      if (depth >= MAX_DEPTH) {
        found.push({ path: [where, ...path].join('.'), message: 'nested too deeply', code: 'too_deep' })
        return
      }
      for (const [k, child] of Object.entries(v)) {
        const why = badString(k)
        if (why) found.push({ path: [where, ...path, '(key)'].join('.'), message: why, code: 'invalid_string' })
        walk(child, [...path, k], depth + 1)
      }
    }
  }
  walk(value, [], 0)
  return found
}

export function assertSafeInput(where: string, value: unknown): void {
  const fields = unsafeInput(where, value)
  if (fields.length) {
    throw new AppError('VALIDATION', `Invalid ${where}: ${fields.map((f) => `${f.path} (${f.message})`).join(', ')}`, {
      messageKey: 'errors.validation',
      fields,
    })
  }
}
