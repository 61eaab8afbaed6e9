import { defineNitroPlugin } from 'nitropack/runtime'
import { useConfig } from '../lib/config'
import { flushSentry, initSentry, reportError } from '../lib/sentry'

/**
 * Server-side errors to Sentry when SENTRY_DSN is set (server/lib/sentry.ts). /api
 * routes report their unexpected errors in sendError (server/lib/http.ts), which answers
 * them itself; this hook catches the rest: page renders, server/routes, and errors
 * outside any request (Nitro traps unhandled rejections and calls the same hook).
 */
export default defineNitroPlugin((nitroApp) => {
  const cfg = useConfig()
  if (!cfg.SENTRY_DSN) return
  void initSentry(cfg, 'web')
  nitroApp.hooks.hook('error', (error, { event }) => {
    const h3 = error as Error & { statusCode?: number; unhandled?: boolean; cause?: unknown }
    // 4xx (not found, bad input) are a person's mistake, not ours.
    if ((h3.statusCode ?? 500) < 500) return
    const route = (event?.context.matchedRoute as { path?: string } | undefined)?.path
    reportError(h3.unhandled && h3.cause ? h3.cause : error, { tags: { route, method: event?.method } })
  })
  nitroApp.hooks.hook('close', () => flushSentry())
})
