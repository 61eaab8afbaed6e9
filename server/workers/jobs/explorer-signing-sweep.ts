import { sweepSigningRequests } from '../../domains/explorer'
import type { TJobContext } from '../jobs'

/** Deadlines and reminders of signing requests (server/domains/explorer/signing-sweep.ts). */
export function explorerSigningSweep(_: Record<string, never>, _ctx: TJobContext) {
  return sweepSigningRequests()
}
