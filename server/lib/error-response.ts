import type { H3Event } from 'h3'
import { setResponseHeader, setResponseStatus } from 'h3'
import { isConnectionLost } from './db-errors'
import { AppError, isAppError } from './errors'
import { useLogger } from './log'
import { reportError } from './sentry'

const log = useLogger('http')

/** Turns any thrown value into the platform's JSON error answer; never leaks a stack. */
export function sendError(event: H3Event, e: unknown) {
  let err: AppError
  if (isAppError(e)) err = e
  else if (e && typeof e === 'object' && 'statusCode' in e && typeof e.statusCode === 'number' && e.statusCode < 500) {
    // h3 errors thrown by h3 itself (e.g. a body that is not JSON).
    const code = e.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : e.statusCode === 415 ? 'UNSUPPORTED_MEDIA' : 'BAD_REQUEST'
    err = new AppError(code, (e as { statusMessage?: string }).statusMessage ?? 'Bad request')
  } else if (isConnectionLost(e)) {
    // The database connection died under this request (restart, failover). Reads were
    // already retried once (pg.ts); a write may or may not have been applied, so it is
    // not repeated blindly: the client is told to try again, without a stack or a 500.
    log.warn('database connection lost during a request', { path: event.path, err: e instanceof Error ? e.message : String(e) })
    err = new AppError('UNAVAILABLE', 'The database connection was interrupted. Please try again.', {
      messageKey: 'errors.unavailable',
      retryAfter: 1,
    })
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
