import { reconcilePendingPayments } from '../../domains/billing'
import type { TJobContext } from '../jobs'

/** Settles card payments stuck pending (server/domains/billing/epay-payments.ts). */
export function billingReconcile(_: Record<string, never>, _ctx: TJobContext) {
  return reconcilePendingPayments()
}
