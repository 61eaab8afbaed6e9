// The domain's public surface: the only module other domains and routes import.
export { domain } from './domain'
export { listeners } from './listeners'
export { startTrial, cancelSubscription, resumeSubscription, schedulePlanChange, getCurrent, listPlans, userSubject, workspaceSubject, buyerSubject, type TSubject } from './subscriptions'
export { prepareCheckout, quotePlan, assertCheckoutsCurrent, type TCheckoutLine } from './checkout'
export { runDue, type TDueResult } from './renewals'
export { can, consume, type TCanAnswer } from './entitlements'
export { addPeriod, prorate } from './periods'
export * from '../../../shared/subscription'
