import type { TConfig } from './config'
import { useLogger } from './log'

/**
 * Server-side error reporting to Sentry (web and worker), off unless SENTRY_DSN is set.
 * @sentry/node is imported only then, so a process without a DSN loads none of it.
 * We use it for errors only: no tracing, no OpenTelemetry set-up, no ESM loader hooks
 * (they would patch modules inside Nitro's bundle). Errors a person caused (4xx) are
 * not reported; the callers decide (sendError, the Nitro error hook, dead jobs).
 */
type TSentry = typeof import('@sentry/node')
export type TSentryProcess = 'web' | 'worker'

let sentry: TSentry | undefined
let starting: Promise<boolean> | undefined
const log = useLogger('sentry')

export function initSentry(cfg: TConfig, processName: TSentryProcess): Promise<boolean> {
  if (!cfg.SENTRY_DSN) return Promise.resolve(false)
  const dsn = cfg.SENTRY_DSN
  starting ??= import('@sentry/node')
    .then((S) => {
      S.init({
        dsn,
        environment: cfg.SENTRY_ENVIRONMENT ?? cfg.NODE_ENV,
        release: cfg.SENTRY_RELEASE,
        defaultIntegrations: false,
        integrations: [
          S.eventFiltersIntegration(),
          S.functionToStringIntegration(),
          S.linkedErrorsIntegration(),
          // No dedupe: on a server, the same error in two requests is two occurrences,
          // and Sentry's counts are how we see how many people it hit.
          S.nodeContextIntegration(),
          // The web process's Nitro already traps these and calls its error hook.
          ...(processName === 'worker' ? [S.onUncaughtExceptionIntegration(), S.onUnhandledRejectionIntegration({ mode: 'warn' })] : []),
        ],
        skipOpenTelemetrySetup: true,
        registerEsmLoaderHooks: false,
        sendDefaultPii: false,
        initialScope: { tags: { process: processName, region: cfg.REGION } },
      })
      sentry = S
      log.info('error reporting to Sentry is on', { process: processName })
      return true
    })
    .catch((e: Error) => {
      log.error('Sentry could not start; errors are only logged', { err: e.message })
      return false
    })
  return starting
}

export interface TErrorContext {
  tags?: Record<string, string | number | undefined>
  extra?: Record<string, unknown>
}

function capture(S: TSentry, err: unknown, ctx: TErrorContext) {
  S.withScope((scope) => {
    for (const [k, v] of Object.entries(ctx.tags ?? {})) if (v !== undefined) scope.setTag(k, String(v))
    if (ctx.extra) scope.setExtras(ctx.extra)
    S.captureException(err)
  })
}

/** Reports an unexpected error; false when reporting is off. Never throws. */
export function reportError(err: unknown, ctx: TErrorContext = {}): boolean {
  try {
    if (sentry) capture(sentry, err, ctx)
    else if (starting) void starting.then((ok) => ok && sentry && capture(sentry, err, ctx))
    else return false
    return true
  } catch (e) {
    log.warn('could not report an error to Sentry', { err: (e as Error).message })
    return false
  }
}

/** Sends what is queued (a process about to exit calls this). */
export async function flushSentry(timeoutMs = 2000): Promise<void> {
  await starting
  await sentry?.flush(timeoutMs)
}

/** Tests: stop reporting and forget the client. */
export async function closeSentry(timeoutMs = 2000): Promise<void> {
  await starting
  await sentry?.close(timeoutMs)
  sentry = undefined
  starting = undefined
}
