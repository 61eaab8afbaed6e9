import { expireStaleOrders } from '../../domains/billing'
import type { TJobContext } from '../jobs'

/** Expires orders left unpaid too long (server/domains/billing/expire.ts). */
export function billingExpire(_: Record<string, never>, _ctx: TJobContext) {
  return expireStaleOrders()
}
