import type { H3Event } from 'h3'
import { setResponseHeader, setResponseStatus } from 'h3'
import { isConnectionLost } from './db-errors'
import { AppError, isAppError } from './errors'
import { useLogger } from './log'
import { reportError } from './sentry'

const log = useLogger('http')

/**
 * The SQLSTATE of a PostgreSQL error, wherever the driver or Prisma put it (`code` on a
 * pg error; `meta.driverAdapterError.cause.originalCode` through Prisma's adapter).
 */
export function sqlState(e: unknown, depth = 0): string | undefined {
  if (!e || typeof e !== 'object' || depth > 6) return undefined
  const o = e as Record<string, unknown>
  for (const k of ['originalCode', 'code']) {
    const v = o[k]
    if (typeof v === 'string' && /^[0-9A-Z]{5}$/.test(v) && !/^P\d{4}$/.test(v)) return v
  }
  for (const k of ['cause', 'meta', 'driverAdapterError']) {
    const found = sqlState(o[k], depth + 1)
    if (found) return found
  }
  return undefined
}

/** The client went away mid-request (closed socket, aborted upload): nothing to answer, nothing broken. */
export function isClientAbort(event: H3Event, e: unknown): boolean {
  const code = e && typeof e === 'object' && 'code' in e ? (e as { code?: unknown }).code : undefined
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNABORTED') return true
  if (e instanceof Error && e.message === 'aborted') return true
  const req = event.node?.req
  return Boolean(req && (req.destroyed || (req as { aborted?: boolean }).aborted) && !req.complete)
}

/** Turns any thrown value into the platform's JSON error answer; never leaks a stack. */
export function sendError(event: H3Event, e: unknown) {
  let err: AppError
  if (isAppError(e)) err = e
  else if (e && typeof e === 'object' && 'statusCode' in e && typeof e.statusCode === 'number' && e.statusCode < 500) {
    // h3 errors thrown by h3 itself (e.g. a body that is not JSON).
    const code = e.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : e.statusCode === 415 ? 'UNSUPPORTED_MEDIA' : 'BAD_REQUEST'
    err = new AppError(code, (e as { statusMessage?: string }).statusMessage ?? 'Bad request')
  } else if (isClientAbort(event, e)) {
    log.info('client aborted', { path: event.path, method: event.method })
    err = new AppError('BAD_REQUEST', 'Client closed the request')
  } else if (isConnectionLost(e)) {
    // The database connection died under this request (restart, failover). Reads were
    // already retried once (pg.ts); a write may or may not have been applied, so it is
    // not repeated blindly: the client is told to try again, without a stack or a 500.
    log.warn('database connection lost during a request', { path: event.path, err: e instanceof Error ? e.message : String(e) })
    err = new AppError('UNAVAILABLE', 'The database connection was interrupted. Please try again.', {
      messageKey: 'errors.unavailable',
      retryAfter: 1,
    })
  } else if (sqlState(e)?.startsWith('22')) {
    // Data exceptions (NUL in text, bad encoding, dates or numbers out of range) are
    // refused at the edge; one that still reaches PostgreSQL is the caller's input.
    log.warn('input refused by the database', { path: event.path, sqlState: sqlState(e) })
    err = new AppError('VALIDATION', 'Some input values cannot be stored.', { messageKey: 'errors.validation' })
  } else {
    log.error('unhandled error', { path: event.path, err: e instanceof Error ? (e.stack ?? e.message) : String(e) })
    // Only errors we did not expect: an AppError or a 4xx is an answer, not a fault.
    reportError(e, { tags: { route: (event.context.matchedRoute as { path?: string } | undefined)?.path, method: event.method } })
    err = new AppError('INTERNAL', 'Something went wrong on our side. Please try again later.', {
      messageKey: 'errors.internal',
    })
  }
  setResponseStatus(event, err.status)
  if (err.retryAfter !== undefined) setResponseHeader(event, 'retry-after', err.retryAfter)
  return err.toBody()
}
