import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'billing',
  description: 'Orders, payments (Halyk Epay), balance and bonuses, invoices, refunds, promo codes.',
  owns: ['billing_orders', 'billing_order_lines', 'billing_order_events', 'billing_payments', 'billing_ledger_transfers', 'billing_ledger_entries', 'billing_promo_codes', 'billing_promo_redemptions', 'billing_invoices'],
})
