import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'subscription',
  description: 'Plans, trials, subscriptions, limits and entitlements.',
  owns: ['plans', 'subscriptions', 'entitlements'],
})
