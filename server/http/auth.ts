import type { H3Event } from 'h3'
import { getRequestHeader } from 'h3'
import { authenticate, forbidden, hasRole, unauthenticated, type TAuthContext, type TAuthResult, type TRole } from '../domains/auth'

// The caller is resolved once per request and kept on the event: the contract's access
// check and any guard the handler calls share that one lookup.
const KEY = '__d24auth'

async function resolve(event: H3Event): Promise<TAuthResult> {
  const memo = event.context[KEY] as Promise<TAuthResult> | undefined
  if (memo) return memo
  const pending = authenticate(getRequestHeader(event, 'authorization'))
  event.context[KEY] = pending
  return pending
}

/**
 * The caller, from `Authorization: Bearer <access token | d24_ API token>`; null when
 * anonymous or when the token is not valid (public routes keep working with a stale token).
 */
export async function getCurrentUser(event: H3Event): Promise<TAuthContext | null> {
  return (await resolve(event)).ctx
}

/** The caller or 401 UNAUTHENTICATED with `params.reason` (missing_token, token_expired, session_revoked, ...). */
export async function requireUser(event: H3Event): Promise<TAuthContext> {
  const { ctx, failure } = await resolve(event)
  if (!ctx) throw unauthenticated(failure ?? 'missing_token')
  return ctx
}

/** The caller if they hold the role (any of the roles); admin passes every check. 401 anonymous, 403 otherwise. */
export async function requireRole(event: H3Event, role: TRole | readonly TRole[]): Promise<TAuthContext> {
  const ctx = await requireUser(event)
  if (!hasRole(ctx.user, role)) throw forbidden('role_required', 'You do not have the role this needs.')
  return ctx
}
