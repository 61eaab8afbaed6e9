import { runEgovSession } from '../../domains/explorer'
import type { TJobContext } from '../jobs'

/** One eGov mobile QR signing, from the scan to the stored signature (server/domains/explorer/egov-sign.ts). */
export function explorerEgovQr(payload: { sessionId: string }, ctx: TJobContext) {
  return runEgovSession(payload.sessionId, ctx)
}
