import { AppError } from '../../lib/errors'

export function subscriptionConflict(reason: string, message: string, params: Record<string, unknown> = {}): AppError {
  return new AppError('CONFLICT', message, { messageKey: `errors.subscription.${reason}`, params: { reason, ...params } })
}

export function unknownPlan(field = 'planCode'): AppError {
  const message = 'There is no such plan on this site.'
  return new AppError('VALIDATION', message, { messageKey: 'errors.subscription.unknown_plan', fields: [{ path: `body.${field}`, message, code: 'unknown_plan' }] })
}

export function noSubscription(): AppError {
  return AppError.notFound('Subscription', { messageKey: 'errors.subscription.none' })
}

export function companyAdminRequired(): AppError {
  return new AppError('FORBIDDEN', 'Only an owner or admin of this company workspace can change its plan.', { messageKey: 'errors.subscription.company_admin_required', params: { reason: 'company_admin_required' } })
}
