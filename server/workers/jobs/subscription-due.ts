import { runDue } from '../../domains/subscription'
import type { TJobContext } from '../jobs'

/** Moves the subscriptions whose time came (server/domains/subscription/renewals.ts). */
export function subscriptionDue(_: Record<string, never>, _ctx: TJobContext) {
  return runDue()
}
