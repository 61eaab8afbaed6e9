import type { z } from 'zod'

export interface TFieldError {
  name: string
  message: string
}

type TApiErrorBody = {
  error?: { code?: string; messageKey?: string; fields?: { path?: string; code?: string; message?: string }[] }
}

/** Where a field error code may be translated, most specific first. */
const FIELD_KEY_PREFIXES = ['errors.fields.', 'errors.auth.', 'errors.workspace.', 'errors.billing.', 'errors.explorer.', 'errors.registry.']

/**
 * Form errors in the person's language, shown next to their field: client-side
 * checks with the same zod schemas the API routes use, and the API's own answer
 * (`error.fields[].path` like `body.email` → the form field `email`).
 */
export function useFormErrors() {
  const { t, te } = useI18n()
  const generalMessage = useApiErrorMessage()

  function fieldMessage(code: string | undefined, fallback: string | undefined, field?: string): string {
    // A format rule says more when it names the field ("+7 number" rather than "wrong format").
    const leaf = field?.split('.').pop()
    if (code?.startsWith('invalid_') && leaf && te(`errors.fields.${leaf}_format`)) return t(`errors.fields.${leaf}_format`)
    if (code) {
      for (const prefix of FIELD_KEY_PREFIXES) if (te(prefix + code)) return t(prefix + code)
    }
    return fallback || t('errors.validation')
  }

  /** A UForm `validate` function from a zod schema; messages come from locales by issue code. */
  function validateWith<T extends z.ZodType>(schema: T | (() => T)) {
    return (state: unknown): TFieldError[] => {
      const s = typeof schema === 'function' ? (schema as () => T)() : schema
      const r = s.safeParse(state)
      if (r.success) return []
      return r.error.issues.map((i) => {
        const name = i.path.map(String).join('.')
        // An empty field is missing, whatever rule it breaks first ("too short" says nothing useful).
        const code = formValueAt(state, name) === '' ? 'required' : issueCode(i)
        return { name, message: fieldMessage(code, i.message, name) }
      })
    }
  }

  /** A UForm `validate` function from a plain check that names each field's issue by code (a page that must not load zod). */
  function checkWith<S>(check: (state: S) => { name: string; code: string }[]) {
    return (state: unknown): TFieldError[] => check(state as S).map(({ name, code }) => ({ name, message: fieldMessage(code, undefined, name) }))
  }

  /** The API error as field errors (without the `body.` prefix) and one sentence for the form. */
  function fromApi(err: unknown): { fields: TFieldError[]; message: string } {
    const body = (err as { data?: TApiErrorBody }).data
    const fields = (body?.error?.fields ?? [])
      .filter((f) => typeof f.path === 'string')
      .map((f) => {
        const name = f.path!.replace(/^(body|query|params)\./, '')
        return { name, message: fieldMessage(f.code, f.message, name) }
      })
    return { fields, message: generalMessage(err) }
  }

  return { validateWith, checkWith, fromApi, fieldMessage }
}

/** The value at a dotted form path (`address.city`) as text, to compare and to test for emptiness. */
export function formValueAt(state: unknown, path: string): string {
  const v = path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), state)
  if (v === undefined || v === null) return ''
  return typeof v === 'string' ? v.trim() : JSON.stringify(v)
}

/** zod's generic codes say little ("invalid_format"); the format name says which rule failed. */
export function issueCode(i: z.core.$ZodIssue): string {
  if (i.code === 'invalid_format' && 'format' in i && typeof i.format === 'string') return `invalid_${i.format}`
  if (i.code === 'too_small' && 'origin' in i && i.origin === 'string' && 'minimum' in i && i.minimum === 1) return 'required'
  if (i.code === 'custom' && i.params && typeof (i.params as { code?: unknown }).code === 'string') {
    return (i.params as { code: string }).code
  }
  return i.code
}
