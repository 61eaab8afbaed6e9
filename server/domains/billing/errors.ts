import { AppError } from '../../lib/errors'

/**
 * Billing's refusals. Another person's order is "not found", never "forbidden": order
 * ids must not reveal whether they exist.
 */
export function orderNotFound(): AppError {
  return AppError.notFound('Order', { messageKey: 'errors.billing.order_not_found' })
}

/** An Epay invoice (payment attempt) that is not ours, not the caller's, or not in the sandbox. */
export function invoiceNotFound(): AppError {
  return AppError.notFound('Invoice', { messageKey: 'errors.billing.invoice_not_found' })
}

export function billingConflict(reason: string, message: string, params: Record<string, unknown> = {}): AppError {
  return new AppError('CONFLICT', message, { messageKey: `errors.billing.${reason}`, params: { reason, ...params } })
}

/** A company order whose buyer is no longer an owner or admin of the company workspace (or never was). */
export function companyBuyerForbidden(): AppError {
  return new AppError('FORBIDDEN', 'Only an owner or admin of this company workspace can buy and pay for it.', { messageKey: 'errors.billing.company_buyer_required', params: { reason: 'company_buyer_required' } })
}

export function invalidOrder(field: string, code: string, message: string): AppError {
  return new AppError('VALIDATION', message, { messageKey: `errors.billing.${code}`, fields: [{ path: `body.${field}`, message, code }] })
}
