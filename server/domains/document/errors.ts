import { AppError, type TFieldIssue } from '../../lib/errors'
import type { TDocumentErrorReason } from '../../../shared/document-messages'

/**
 * The document domain's refusals. Someone else's template, filling or answer set is
 * "not found", never "forbidden": another person's ids must look like nothing. Every
 * reason has its ru/kk/en text in shared/document-messages.ts (the type holds them in step).
 */
export function documentNotFound(what: 'template' | 'filling' | 'answer_set' | 'document' | 'version'): AppError {
  return AppError.notFound(what, { messageKey: `errors.document.${what}_not_found` })
}

export function documentConflict(reason: TDocumentErrorReason, message: string, params: Record<string, unknown> = {}, fields?: TFieldIssue[]): AppError {
  return new AppError('CONFLICT', message, { messageKey: `errors.document.${reason}`, params: { reason, ...params }, fields })
}

export function documentInvalid(reason: TDocumentErrorReason, message: string, fields: TFieldIssue[]): AppError {
  return new AppError('VALIDATION', message, { messageKey: `errors.document.${reason}`, params: { reason }, fields })
}

export function documentForbidden(reason: TDocumentErrorReason, message: string, params: Record<string, unknown> = {}): AppError {
  return new AppError('FORBIDDEN', message, { messageKey: `errors.document.${reason}`, params: { reason, ...params } })
}
