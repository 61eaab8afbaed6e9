import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import { isValidBin, isValidInn } from '../../../shared/identity-numbers'
import type { TInvoiceRequest, TOrderView } from '../../../shared/billing'
import type { TReceiptLanguage } from '../../../shared/billing-admin'
import { billingConflict, invalidOrder, orderNotFound } from './errors'
import { assertCompanyMayAct, companyTaxId } from '../workspace'
import { assertLinesCurrent, assertOrderAccess, assertPayable, getOrder, lockOrder, moveOrder } from './orders'
import { orderReceipt, type TReceiptFile } from './receipt'
import { settlePaid } from './settle'

/**
 * A company pays an order by bank transfer: the invoice names it (its BIN in kz, INN in ru,
 * checked by the control digits) and our bank details; the order waits `pending` for the
 * money, the whole total (a balance part is dropped: a transfer pays it all). Asked again
 * before it is paid, the same invoice gets the new company details.
 */
export async function requestInvoice(userId: string, orderId: string, input: TInvoiceRequest): Promise<TOrderView> {
  const region = useConfig().REGION
  const valid = region === 'kz' ? isValidBin(input.taxId) : isValidInn(input.taxId)
  if (!valid) throw invalidOrder('taxId', 'tax_id_invalid', region === 'kz' ? 'This is not a valid BIN.' : 'This is not a valid INN.')
  const db = useDb()
  await db.$transaction(async (tx) => {
    const order = await assertOrderAccess(userId, await lockOrder(tx, orderId))
    assertPayable(order)
    await assertLinesCurrent(tx, orderId)
    if (order.workspaceId) {
      // A company workspace's order is invoiced to that company only, and only once the
      // workspace is verified as it (anyone could have typed a known BIN when creating it).
      await assertCompanyMayAct(order.workspaceId)
      const own = await companyTaxId(order.workspaceId)
      if (own && own !== input.taxId) {
        throw invalidOrder('taxId', 'tax_id_not_workspace', `This order is the company workspace's: invoice it to its own number (${own}).`)
      }
    }
    if (order.totalMinor <= 0) throw billingConflict('nothing_to_pay', 'There is nothing to pay for this order.')
    const existing = await tx.invoice.findUnique({ where: { orderId } })
    if (!existing && order.status === 'pending') throw billingConflict('payment_under_way', 'A card payment for this order is under way; wait for it to finish.')
    const details = { companyName: input.companyName, taxId: input.taxId, address: input.address ?? null }
    const inv = existing ? await tx.invoice.update({ where: { id: existing.id }, data: details }) : await tx.invoice.create({ data: { orderId, ...details } })
    if (order.balanceMinor) await tx.order.update({ where: { id: orderId }, data: { balanceMinor: 0 } })
    if (!existing) await moveOrder(tx, order, 'pending', `Awaiting a bank transfer (invoice No. ${inv.number})`, { actorId: userId, data: { invoice: String(inv.number), taxId: inv.taxId } })
  })
  return getOrder(userId, orderId, db)
}

/** The invoice's PDF, for its buyer (another person's order is not found; no invoice yet: 404). */
export async function invoicePdf(buyer: { id: string; locale?: string | null }, orderId: string, lang?: TReceiptLanguage): Promise<TReceiptFile> {
  const inv = await useDb().invoice.findUnique({ where: { orderId } })
  if (!inv) throw orderNotFound()
  return orderReceipt(buyer, orderId, lang, inv)
}

/**
 * The transfer arrived: an admin marks the invoice paid with the bank's reference, and the
 * order is paid as a card payment would pay it (OrderPaid, what was bought unlocks), in one
 * transaction. An order paid meanwhile (by card) refuses: the transfer is then to be returned.
 */
export async function markInvoicePaid(adminId: string, orderId: string, reference: string): Promise<{ orderId: string; status: 'paid' }> {
  await useDb().$transaction(async (tx) => {
    const order = await lockOrder(tx, orderId)
    const inv = order ? await tx.invoice.findUnique({ where: { orderId } }) : null
    if (!order || !inv) throw orderNotFound()
    if (inv.paidAt || order.status === 'paid' || order.status === 'refunded') throw billingConflict('order_paid', 'This order is paid already.')
    const r = await settlePaid(tx, order, { reason: `Bank transfer received (invoice No. ${inv.number}, ${reference})`, cardMinor: 0, data: { invoice: String(inv.number), reference, adminId } })
    if (r !== 'paid') throw billingConflict('order_paid', 'This order cannot be paid now.')
    await tx.invoice.update({ where: { id: inv.id }, data: { paidAt: new Date(), paidReference: reference, markedBy: adminId } })
  })
  return { orderId, status: 'paid' }
}
