/**
 * Where to go once signed in, kept across register → verify → sign-in: the emailed
 * verification link opens a new page without the `redirect` of the register page, so the
 * target also rides in a short-lived cookie (same browser). Only a path on this site is
 * accepted: an open redirect would hand the session page to anyone.
 */
const COOKIE = 'd24.after-auth'

export function safeRedirect(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : null
}

export function useAuthRedirect() {
  const route = useRoute()
  const localePath = useSitePath()
  const cookie = useCookie<string | null>(COOKIE, { maxAge: 24 * 3600, sameSite: 'lax', path: '/' })

  /** The `redirect` of this page's URL, else the remembered one. */
  const target = computed(() => safeRedirect(route.query.redirect) ?? safeRedirect(cookie.value))

  /** Keeps this page's `redirect` for the pages that come after the emailed link. */
  function remember(): void {
    const r = safeRedirect(route.query.redirect)
    if (r) cookie.value = r
  }

  function clear(): void {
    cookie.value = null
  }

  /** `path` in the page's language, with the target as its `redirect` query when there is one. */
  function withTarget(path: string) {
    const here = localePath(path)
    return target.value ? { path: here, query: { redirect: target.value } } : here
  }

  return { target, remember, clear, withTarget }
}
