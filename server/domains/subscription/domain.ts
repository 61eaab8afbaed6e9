import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'subscription',
  description: 'Plans, trials, subscriptions, limits and entitlements.',
  owns: ['subscriptions', 'subscription_trials', 'subscription_checkouts', 'subscription_usage', 'subscription_events'],
})
