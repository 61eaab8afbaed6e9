// The domain's public surface: the only module other domains and routes import.
export { domain } from './domain'
export { audit, type TAuditEntry, type TAuditWritten } from './audit'
export { listeners } from './listeners'
export { AUDIT_ACTIONS, AUDIT_ACTION_NAMES, SECURITY_ACTIONS, isAuditAction, type TAuditAction } from '../../../shared/history-actions'
export { verifyChain } from './verify'
export { listMyHistory, listWorkspaceHistory, listHistory } from './query'
export {
  ZAuditFilterSchema,
  ZAuditPageQuerySchema,
  ZAuditPageSchema,
  ZAuditItemSchema,
  ZChainReportSchema,
  type TAuditItem,
  type TAuditPage,
  type TAuditFilter,
  type TAuditPageQuery,
  type TChainReport,
} from '../../../shared/history'
