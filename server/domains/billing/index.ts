// The domain's public surface: the only module other domains and routes import.
export { domain } from './domain'
export { listeners } from './listeners'
export { createOrder, getOrder, listOrders } from './orders'
export { payFromBalance } from './pay-balance'
export { getBalance } from './balance'
export { startEpayPayment, handleEpayCallback, reconcilePendingPayments, sandboxInvoice, payInSandbox, epayDriver, invoiceIdOf } from './epay-payments'
export * from '../../../shared/billing'
