/**
 * Turns a failed $fetch/useFetch into a sentence a person can act on: the API answers
 * `{ error: { code, message, messageKey } }` (server/lib/error-response.ts) and messageKey
 * points into locales/*.json `errors.*`. Unknown shapes still show their message,
 * so an error is never swallowed.
 */
export function useApiErrorMessage() {
  const { t, te } = useI18n()
  return (err: unknown): string => {
    if (!err) return ''
    const e = err as { data?: { error?: { messageKey?: unknown; message?: unknown; params?: unknown } }; statusCode?: number; message?: string }
    const key = e.data?.error?.messageKey
    // The answer's params fill the message's placeholders ("already registered as {number}").
    const params = e.data?.error?.params
    if (typeof key === 'string' && te(key)) return params && typeof params === 'object' ? t(key, params as Record<string, unknown>) : t(key)
    if (typeof e.data?.error?.message === 'string') return e.data.error.message
    if (e.statusCode && e.statusCode >= 500) return t('errors.internal')
    return e.message || t('errors.internal')
  }
}
