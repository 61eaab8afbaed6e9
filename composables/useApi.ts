import type { NitroFetchOptions } from 'nitropack'
import { localeOfPath, localizedPath, unlocalizedPath } from '#shared/locales'
import type { TApiAnswer } from './api-route-types'

export const WORKSPACE_COOKIE = 'd24.workspace'
const REFRESHABLE = new Set(['token_expired', 'missing_token', 'invalid_token'])

/** Refusals that no refresh can cure: the person has to sign in again (and is told why). */
const TERMINAL = new Set(['session_revoked', 'session_expired', 'refresh_token_reused', 'account_blocked'])

type TMethod = NonNullable<NitroFetchOptions<string>['method']>

type TApiOptions<M extends TMethod = TMethod> = Omit<NitroFetchOptions<string>, 'method'> & {
  method?: M
  /** Leave out x-workspace-id (calls that name the workspace in the path). */
  noWorkspace?: boolean
  /** Do not send the person to the login page on a final 401 (the caller decides). */
  noBounce?: boolean
}

// The answer type is ours (TApiAnswer); letting Nitro's own route matcher also work
// on a generic URL here exceeds the compiler's depth limit (TS2321).
function fetchUntyped(url: string, opts: NitroFetchOptions<string>): Promise<unknown> {
  return ($fetch as unknown as (u: string, o: NitroFetchOptions<string>) => Promise<unknown>)(url, opts)
}

/** The current workspace id, kept in a cookie so the server render sends it too. */
export function useWorkspaceCookie() {
  const make = () => useCookie<string | null>(WORKSPACE_COOKIE, { default: () => null, maxAge: 365 * 24 * 60 * 60, sameSite: 'lax' })
  if (!import.meta.server) return make()
  // One ref per server render (it lives for one request): the header alone asked for it
  // five times, each parsing the Cookie header again.
  const app = useNuxtApp() as { _d24WorkspaceCookie?: ReturnType<typeof make> }
  return (app._d24WorkspaceCookie ??= make())
}

/** Headers every API call carries: the bearer token and the current workspace. */
export function useApiHeaders() {
  const { token } = useAuth()
  const workspaceId = useWorkspaceCookie()
  return computed<Record<string, string>>(() => ({
    ...(token.value ? { Authorization: token.value } : {}),
    ...(workspaceId.value ? { 'x-workspace-id': workspaceId.value } : {}),
  }))
}

export function authFailureReason(e: unknown): string | null {
  const err = e as { statusCode?: number; data?: { error?: { params?: { reason?: unknown } } } }
  if (err.statusCode !== 401) return null
  const reason = err.data?.error?.params?.reason
  return typeof reason === 'string' ? reason : 'missing_token'
}

/** The login page in the language of the page left, telling why the person was signed out and where to come back to. */
export function loginLocation(reason: string, redirect: string) {
  return { path: localizedPath('/auth/login', localeOfPath(redirect)), query: { reason, redirect } }
}

/**
 * Forgets the sign-in in this browser (tokens and the loaded user) after the server
 * refused it for good: revoked session, blocked account, reused refresh token.
 */
export function useSignedOutLocally() {
  const { setTokens } = useAuthRefresh()
  const { data } = useAuthState()
  return () => {
    setTokens(null, null)
    data.value = null
  }
}

/**
 * $fetch for our API: adds the bearer token and `x-workspace-id`, and on a 401 for an
 * expired token rotates the refresh token once and repeats the call. When the sign-in
 * has ended for good (or the refresh fails) it forgets the tokens and sends the person
 * to the login page with the reason. Call it in setup; the returned function may be
 * used later (event handlers).
 */
export function useApi() {
  const { token } = useAuth()
  const workspaceId = useWorkspaceCookie()
  const { refresh } = useAuthRefresh()
  const signedOut = useSignedOutLocally()
  // The router, not useRoute(): this also runs inside route middleware.
  const router = useRouter()

  async function bounce(reason: string) {
    signedOut()
    const here = router.currentRoute.value
    if (import.meta.client && unlocalizedPath(here.path) !== '/auth/login') await navigateTo(loginLocation(reason, here.fullPath))
  }

  function headersFor(opts: TApiOptions): Headers {
    const h = new Headers(opts.headers as HeadersInit | undefined)
    if (token.value) h.set('Authorization', token.value)
    if (workspaceId.value && !opts.noWorkspace) h.set('x-workspace-id', workspaceId.value)
    return h
  }

  /**
   * The answer's type comes from the route that serves `method url` (its contract's
   * response, see api-route-types.ts); pass URLs as literals or template literals
   * (`/api/workspace/${id}`), not as plain `string`, so the route can be found.
   */
  return async function api<U extends string, M extends TMethod = 'GET'>(url: U, opts: TApiOptions<M> = {}): Promise<TApiAnswer<U, M>> {
    type T = TApiAnswer<U, M>
    const { noWorkspace: _ignored, noBounce, ...fetchOpts } = opts
    const hadSignIn = Boolean(token.value)
    const call = () => fetchUntyped(url, { ...fetchOpts, headers: headersFor(opts) } as NitroFetchOptions<string>) as Promise<T>
    try {
      return await call()
    } catch (e) {
      const reason = authFailureReason(e)
      if (!reason) throw e
      if (REFRESHABLE.has(reason)) {
        if (await refresh()) return await call()
        if (hadSignIn && !noBounce) await bounce('session_expired')
      } else if (TERMINAL.has(reason) && hadSignIn && !noBounce) {
        await bounce(reason)
      }
      throw e
    }
  }
}
