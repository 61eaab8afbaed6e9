import type { NuxtApp } from '#app'

export const REFRESH_COOKIE = 'auth.refresh-token'
const REFRESH_MAX_AGE = 30 * 24 * 60 * 60
/** Refresh a little before expiry so a request in flight does not hit a just-expired token. */
const EXPIRY_MARGIN_MS = 30_000

type TRefreshAnswer = { accessToken: string; refreshToken: string }
type TAppWithRefresh = NuxtApp & { _d24RefreshCookie?: Ref<string | null>; _d24Refresh?: Promise<boolean> }

/** The claims of an access token, read without verifying (the server verifies). */
function accessTokenClaims(raw: string | null | undefined): { exp?: unknown; sid?: unknown } | null {
  const payload = raw?.split('.')[1]
  if (!payload) return null
  try {
    return JSON.parse(globalThis.atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown; sid?: unknown }
  } catch {
    return null
  }
}

/** Milliseconds-since-epoch expiry of an access token. */
export function accessTokenExpiresAt(raw: string | null | undefined): number | null {
  const exp = accessTokenClaims(raw)?.exp
  return typeof exp === 'number' ? exp * 1000 : null
}

/** The session an access token belongs to (the `sid` claim): what the sessions list calls "this device". */
export function accessTokenSessionId(raw: string | null | undefined): string | null {
  const sid = accessTokenClaims(raw)?.sid
  return typeof sid === 'string' ? sid : null
}

/**
 * Keeps the access token fresh with the rotating refresh token (POST /api/auth/refresh).
 * One refresh at a time per app instance: two parallel rotations of the same refresh
 * token would look like token theft to the server and end the session.
 */
export function useAuthRefresh() {
  const nuxtApp = useNuxtApp() as TAppWithRefresh
  const { rawToken, _internal } = useAuthState()
  // One cookie ref per app, so the server writes one Set-Cookie for it.
  const refreshCookie = (nuxtApp._d24RefreshCookie ??= useCookie<string | null>(REFRESH_COOKIE, {
    default: () => null,
    maxAge: REFRESH_MAX_AGE,
    sameSite: 'lax',
  }))

  function setTokens(access: string | null, refresh: string | null) {
    rawToken.value = access
    _internal.rawTokenCookie.value = access
    refreshCookie.value = refresh
  }

  async function run(): Promise<boolean> {
    const current = refreshCookie.value
    if (!current) return false
    try {
      const res = await $fetch<TRefreshAnswer>('/api/auth/refresh', { method: 'POST', body: { refreshToken: current } })
      setTokens(res.accessToken, res.refreshToken)
      return true
    } catch (e) {
      // Only a refusal ends the sign-in; a network blip keeps the tokens for the next try.
      if ((e as { statusCode?: number }).statusCode === 401) setTokens(null, null)
      return false
    }
  }

  function refresh(): Promise<boolean> {
    nuxtApp._d24Refresh ??= run().finally(() => {
      nuxtApp._d24Refresh = undefined
    })
    return nuxtApp._d24Refresh
  }

  /** True when there is a refresh token and the access token is missing or about to expire. */
  function needsRefresh(): boolean {
    if (!refreshCookie.value) return false
    const exp = accessTokenExpiresAt(rawToken.value ?? _internal.rawTokenCookie.value)
    return exp === null || exp - Date.now() < EXPIRY_MARGIN_MS
  }

  return { refresh, needsRefresh, setTokens, refreshToken: refreshCookie }
}
