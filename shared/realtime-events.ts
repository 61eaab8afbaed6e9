import { z } from 'zod'

/**
 * Payloads of the realtime events (names in realtime.ts). Apart from realtime.ts so
 * that zod stays out of every page's main script: the browser loads this module when
 * the first event arrives.
 */

/** SESSIONS_CHANGED_EVENT: sessions of the person began or ended; `ended` names the ended ones. */
export const ZSessionsChangedSchema = z.object({
  ended: z.array(z.string()),
  /** Why they ended, as the login page names it (errors.auth.<reason>). */
  reason: z.enum(['session_revoked', 'account_blocked', 'refresh_token_reused']).optional(),
})
export type TSessionsChanged = z.infer<typeof ZSessionsChangedSchema>
