import type { NuxtApp } from '#app'
import { REFRESH_COOKIE, REFRESH_MARKER_COOKIE, REFRESH_MAX_AGE_SECONDS } from '#shared/auth-cookies'

export { REFRESH_COOKIE }
/** Refresh a little before expiry so a request in flight does not hit a just-expired token. */
const EXPIRY_MARGIN_MS = 30_000

type TRefreshAnswer = { accessToken: string; refreshToken?: string }
type TAppWithRefresh = NuxtApp & {
  _d24RefreshCookie?: Ref<string | null>
  _d24RefreshMarker?: Ref<string | null>
  _d24Refresh?: Promise<boolean>
}

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
 * The refresh token is an HttpOnly cookie: in the browser, page scripts never see it
 * (the refresh route reads and rotates the cookie itself); the server render reads it
 * from the request and writes the rotated one on its answer. A readable marker cookie
 * tells the browser there is a sign-in to refresh.
 * One refresh at a time per app instance: two parallel rotations of the same refresh
 * token would look like token theft to the server and end the session.
 */
export function useAuthRefresh() {
  const nuxtApp = useNuxtApp() as TAppWithRefresh
  const { rawToken, _internal } = useAuthState()
  const secure = import.meta.server ? useRequestURL().protocol === 'https:' : location.protocol === 'https:'
  const cookieOpts = { default: () => null, maxAge: REFRESH_MAX_AGE_SECONDS, sameSite: 'lax' as const, path: '/', secure }
  // One cookie ref per app, so the server writes one Set-Cookie for it. The HttpOnly
  // cookie is only touched during the server render (a browser script cannot).
  const refreshCookie = import.meta.server ? (nuxtApp._d24RefreshCookie ??= useCookie<string | null>(REFRESH_COOKIE, { ...cookieOpts, httpOnly: true })) : null
  const marker = (nuxtApp._d24RefreshMarker ??= useCookie<string | null>(REFRESH_MARKER_COOKIE, cookieOpts))

  /** `refresh`: a new refresh token (server render), null to forget it, undefined when the server set the cookie itself. */
  function setTokens(access: string | null, refresh?: string | null) {
    rawToken.value = access
    _internal.rawTokenCookie.value = access
    if (refresh === undefined) {
      if (access) marker.value = '1'
      return
    }
    if (refreshCookie) refreshCookie.value = refresh
    marker.value = refresh ? '1' : null
  }

  async function run(): Promise<boolean> {
    const current = refreshCookie ? refreshCookie.value : null
    if (import.meta.server ? !current : !marker.value) return false
    try {
      if (current) {
        const res = await $fetch('/api/auth/refresh', { method: 'POST', body: { refreshToken: current } })
        setTokens(res.accessToken, res.refreshToken ?? null)
      } else {
        // The browser's cookie goes along; the answer rotates it and holds only the access token.
        const res = await $fetch('/api/auth/refresh', { method: 'POST', body: {} })
        setTokens(res.accessToken)
      }
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
    if (import.meta.server ? !refreshCookie?.value : !marker.value) return false
    const exp = accessTokenExpiresAt(rawToken.value ?? _internal.rawTokenCookie.value)
    return exp === null || exp - Date.now() < EXPIRY_MARGIN_MS
  }

  return { refresh, needsRefresh, setTokens }
}
