import type { H3Event } from 'h3'
import { setResponseHeader, setResponseStatus } from 'h3'
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
