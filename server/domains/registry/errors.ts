import { AppError, type TAppErrorCode } from '../../lib/errors'

/**
 * The registry's refusals. Another workspace's card is "not found", never "forbidden".
 * Texts: locales errors.registry.*.
 */
export function registryNotFound(what: 'card' | 'entry' | 'file'): AppError {
  return AppError.notFound(what, { messageKey: `errors.registry.${what}_not_found` })
}

export type TRegistryReason = 'parties_locked' | 'not_signed' | 'not_terminated' | 'unknown_type' | 'code_taken' | 'platform_only' | 'file_has_card' | 'too_many_rows' | 'currency_required' | 'esedo_company_only' | 'esedo_no_file' | 'esedo_pending'

const CODE_OF: Record<TRegistryReason, TAppErrorCode> = {
  parties_locked: 'CONFLICT',
  not_signed: 'CONFLICT',
  not_terminated: 'CONFLICT',
  unknown_type: 'VALIDATION',
  code_taken: 'CONFLICT',
  platform_only: 'FORBIDDEN',
  file_has_card: 'CONFLICT',
  too_many_rows: 'CONFLICT',
  currency_required: 'VALIDATION',
  esedo_company_only: 'CONFLICT',
  esedo_no_file: 'CONFLICT',
  esedo_pending: 'CONFLICT',
}

export function registryError(reason: TRegistryReason, message: string, params: Record<string, unknown> = {}, field?: string): AppError {
  return new AppError(CODE_OF[reason], message, {
    messageKey: `errors.registry.${reason}`,
    params: { reason, ...params },
    ...(field ? { fields: [{ path: `body.${field}`, message, code: reason }] } : {}),
  })
}
