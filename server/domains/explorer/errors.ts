import { AppError, type TAppErrorCode } from '../../lib/errors'
import type { TSignatureProblemCode } from '../../../shared/explorer'

/**
 * The explorer's refusals. Another workspace's file or folder is "not found", never
 * "forbidden": another tenant's ids must look like nothing. Texts: locales errors.explorer.*.
 */
export function explorerNotFound(what: 'file' | 'folder'): AppError {
  return AppError.notFound(what, { messageKey: `errors.explorer.${what}_not_found` })
}

export type TExplorerReason =
  | 'type_not_allowed'
  | 'type_mismatch'
  | 'too_large'
  | 'quota_exceeded'
  | 'size_mismatch'
  | 'upload_missing'
  | 'not_uploading'
  | 'not_clean'
  | 'infected'
  | 'in_trash'
  | 'not_in_trash'
  | 'folder_cycle'
  | 'already_signed'
  | 'bin_mismatch'
  | 'not_company'
  | 'signing_active'
  | 'request_closed'
  | 'party_done'
  | 'not_your_turn'
  | 'iin_mismatch'
  | 'deadline_invalid'
  | 'no_signatures'
  | 'not_pdf'
  | 'pdf_unreadable'
  | 'egov_off'

const CODE_OF: Record<TExplorerReason, TAppErrorCode> = {
  type_not_allowed: 'UNSUPPORTED_MEDIA',
  type_mismatch: 'UNSUPPORTED_MEDIA',
  too_large: 'PAYLOAD_TOO_LARGE',
  quota_exceeded: 'PAYLOAD_TOO_LARGE',
  size_mismatch: 'BAD_REQUEST',
  upload_missing: 'CONFLICT',
  not_uploading: 'CONFLICT',
  not_clean: 'CONFLICT',
  infected: 'CONFLICT',
  in_trash: 'CONFLICT',
  not_in_trash: 'CONFLICT',
  folder_cycle: 'CONFLICT',
  already_signed: 'CONFLICT',
  bin_mismatch: 'VALIDATION',
  not_company: 'VALIDATION',
  signing_active: 'CONFLICT',
  request_closed: 'CONFLICT',
  party_done: 'CONFLICT',
  not_your_turn: 'CONFLICT',
  iin_mismatch: 'VALIDATION',
  deadline_invalid: 'VALIDATION',
  no_signatures: 'CONFLICT',
  not_pdf: 'CONFLICT',
  pdf_unreadable: 'CONFLICT',
  egov_off: 'UNAVAILABLE',
}

export function explorerError(reason: TExplorerReason, message: string, params: Record<string, unknown> = {}, field?: string): AppError {
  return new AppError(CODE_OF[reason], message, {
    messageKey: `errors.explorer.${reason}`,
    params: { reason, ...params },
    ...(field ? { fields: [{ path: `body.${field}`, message, code: reason }] } : {}),
  })
}

/** A signature that did not pass verification: 400 with the check that failed; nothing is stored. */
export function signatureRefused(problem: TSignatureProblemCode, message: string): AppError {
  return new AppError('VALIDATION', message, {
    messageKey: `errors.signature.${problem}`,
    params: { reason: 'signature_invalid', problem },
    fields: [{ path: 'body.cms', message, code: problem }],
  })
}
