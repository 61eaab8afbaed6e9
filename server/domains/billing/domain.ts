import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'billing',
  description: 'Orders, payments (Halyk Epay), balance and bonuses, invoices, refunds.',
  owns: ['orders', 'payments', 'balances', 'invoices', 'refunds'],
})
