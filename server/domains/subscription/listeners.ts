import { defineListeners } from '../../events'
import { applyCheckout } from './checkout'

export const listeners = defineListeners('subscription', {
  // A paid subscription line names its checkout: the plan starts, renews or upgrades.
  OrderPaid: async (p, meta) => {
    for (const item of p.items ?? []) {
      if (item.kind === 'subscription' && item.ref) await applyCheckout(meta.tx, item.ref, p.userId)
    }
  },
})
