import { runEgovLogin } from '../../domains/auth'
import type { TJobContext } from '../jobs'

/** One sign-in by QR, from the scan to the CMS kept for the browser (server/domains/auth/egov-login.ts). */
export function authEgovLogin(payload: { id: string }, ctx: TJobContext) {
  return runEgovLogin(payload.id, ctx)
}
