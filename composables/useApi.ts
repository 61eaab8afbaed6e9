import type { NitroFetchOptions } from 'nitropack'

export const WORKSPACE_COOKIE = 'd24.workspace'
const REFRESHABLE = new Set(['token_expired', 'missing_token', 'invalid_token'])

type TApiOptions = NitroFetchOptions<string> & {
  /** Leave out x-workspace-id (calls that name the workspace in the path). */
  noWorkspace?: boolean
}

/** The current workspace id, kept in a cookie so the server render sends it too. */
export function useWorkspaceCookie() {
  return useCookie<string | null>(WORKSPACE_COOKIE, { default: () => null, maxAge: 365 * 24 * 60 * 60, sameSite: 'lax' })
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

function authFailureReason(e: unknown): string | null {
  const err = e as { statusCode?: number; data?: { error?: { params?: { reason?: unknown } } } }
  if (err.statusCode !== 401) return null
  const reason = err.data?.error?.params?.reason
  return typeof reason === 'string' ? reason : 'missing_token'
}

/**
 * $fetch for our API: adds the bearer token and `x-workspace-id`, and on a 401 for an
 * expired token rotates the refresh token once and repeats the call. Call it in setup;
 * the returned function may be used later (event handlers).
 */
export function useApi() {
  const { token } = useAuth()
  const workspaceId = useWorkspaceCookie()
  const { refresh } = useAuthRefresh()

  function headersFor(opts: TApiOptions): Headers {
    const h = new Headers(opts.headers as HeadersInit | undefined)
    if (token.value) h.set('Authorization', token.value)
    if (workspaceId.value && !opts.noWorkspace) h.set('x-workspace-id', workspaceId.value)
    return h
  }

  return async function api<T>(url: string, opts: TApiOptions = {}): Promise<T> {
    const { noWorkspace: _ignored, ...fetchOpts } = opts
    const call = () => $fetch<T>(url, { ...fetchOpts, headers: headersFor(opts) } as NitroFetchOptions<string>) as Promise<T>
    try {
      return await call()
    } catch (e) {
      const reason = authFailureReason(e)
      if (reason && REFRESHABLE.has(reason) && (await refresh())) return await call()
      throw e
    }
  }
}
