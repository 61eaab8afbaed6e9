import { defineListeners } from '../../events'
import { applyCheckout, revokeCheckout } from './checkout'

export const listeners = defineListeners('subscription', {
  // A paid subscription line names its checkout: the plan starts, renews or upgrades.
  OrderPaid: async (p, meta) => {
    for (const item of p.items ?? []) {
      if (item.kind === 'subscription' && item.ref) await applyCheckout(meta.tx, item.ref, p.userId)
    }
  },
  // Refunded in full: the period it paid for is taken back.
  OrderRefunded: async (p, meta) => {
    for (const item of p.items) {
      if (item.kind === 'subscription' && item.ref) await revokeCheckout(meta.tx, item.ref, p.userId)
    }
  },
})
