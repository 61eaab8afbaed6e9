import { AppError } from '../../lib/errors'

/**
 * The workspace domain's refusals. A workspace the caller does not belong to is
 * "not found", never "forbidden": another tenant's ids must look like nothing.
 */
export function workspaceNotFound(): AppError {
  return AppError.notFound('Workspace', { messageKey: 'errors.workspace.not_found' })
}

export function workspaceForbidden(reason: string, message: string, params: Record<string, unknown> = {}): AppError {
  return new AppError('FORBIDDEN', message, { messageKey: `errors.workspace.${reason}`, params: { reason, ...params } })
}

export function workspaceConflict(reason: string, message: string): AppError {
  return new AppError('CONFLICT', message, { messageKey: `errors.workspace.${reason}`, params: { reason } })
}

export function invalidWorkspaceField(field: string, code: string, message: string): AppError {
  return new AppError('VALIDATION', message, {
    messageKey: `errors.workspace.${code}`,
    fields: [{ path: `body.${field}`, message, code }],
  })
}

export function lastOwner(): AppError {
  return workspaceConflict('last_owner', 'A workspace must keep at least one owner.')
}
