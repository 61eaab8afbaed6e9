import { defineListeners } from '../../events'
import { grantWelcomeBonus, grantWorkspaceBonus } from './balance'
import { orderRenewal } from './renewal-order'

export const listeners = defineListeners('billing', {
  UserActivated: async (p, meta) => void (await grantWelcomeBonus(meta.tx, p.userId)),
  WorkspaceCreated: async (p, meta) => void (await grantWorkspaceBonus(meta.tx, p.workspaceId)),
  SubscriptionRenewalDue: orderRenewal,
})
