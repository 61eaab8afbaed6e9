import { AppError } from '../../lib/errors'

/**
 * The auth domain's refusals. 401s carry `params.reason` so a client can tell an
 * expired token (refresh it) from a revoked session (sign in again).
 */
export type TAuthFailure =
  | 'missing_token'
  | 'invalid_token'
  | 'token_expired'
  | 'session_revoked'
  | 'session_expired'
  | 'refresh_token_reused'
  | 'account_blocked'
  | 'api_token_revoked'
  | 'invalid_credentials'
  | 'code_invalid'
  | 'code_expired'
  | 'code_used'

export function unauthenticated(reason: TAuthFailure, message = 'Sign in to continue.'): AppError {
  return new AppError('UNAUTHENTICATED', message, { messageKey: `errors.auth.${reason}`, params: { reason } })
}

export function forbidden(reason: string, message = 'You do not have access to this.'): AppError {
  return new AppError('FORBIDDEN', message, { messageKey: `errors.auth.${reason}`, params: { reason } })
}

export function conflict(field: 'email' | 'phone'): AppError {
  return new AppError('CONFLICT', `This ${field} is already registered.`, {
    messageKey: `errors.auth.${field}_taken`,
    fields: [{ path: `body.${field}`, message: `${field} already registered`, code: `${field}_taken` }],
  })
}

export function invalidField(path: string, code: string, message: string): AppError {
  return new AppError('VALIDATION', message, {
    messageKey: `errors.auth.${code}`,
    fields: [{ path, message, code }],
  })
}

/** Prisma's unique-violation code, and which column it hit. */
export function uniqueViolation(e: unknown): string | null {
  if (!e || typeof e !== 'object' || (e as { code?: string }).code !== 'P2002') return null
  const meta = (e as { meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } }).meta
  const target = meta?.target ?? meta?.driverAdapterError?.cause?.constraint?.fields
  return Array.isArray(target) ? target.join(',') : String(target ?? '')
}
