import { AppError } from '../../lib/errors'
import type { TMissingTranslation } from '../../../shared/content'

/** The content domain's refusals; messages under `catalog.errors.*` in locales/. */
export function contentNotFound(): AppError {
  return AppError.notFound('Content item', { messageKey: 'catalog.errors.not_found' })
}

export function contentConflict(reason: string, message: string, params: Record<string, unknown> = {}): AppError {
  return new AppError('CONFLICT', message, { messageKey: `catalog.errors.${reason}`, params: { reason, ...params } })
}

export function invalidContent(fields: { path: string; message: string; code?: string }[]): AppError {
  return new AppError('VALIDATION', `Invalid content: ${fields.map((f) => `${f.path} (${f.message})`).join(', ')}`, {
    messageKey: 'errors.validation',
    fields,
  })
}

export function missingTranslationsError(missing: TMissingTranslation[]): AppError {
  return contentConflict('missing_translations', `Translations missing: ${missing.map((m) => `${m.field}.${m.locale}`).join(', ')}`, {
    missing,
  })
}
