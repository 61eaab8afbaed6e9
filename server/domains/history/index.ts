// The domain's public surface: the only module other domains and routes import.
export { domain } from './domain'
export { audit, type TAuditEntry, type TAuditWritten } from './audit'
export { AUDIT_ACTIONS, AUDIT_ACTION_NAMES, SECURITY_ACTIONS, isAuditAction, type TAuditAction } from './actions'
export { verifyChain, type TChainReport } from './verify'
export {
  listMyHistory,
  listWorkspaceHistory,
  listHistory,
  ZAuditFilterSchema,
  ZAuditPageQuerySchema,
  ZAuditPageSchema,
  ZAuditItemSchema,
  type TAuditItem,
  type TAuditPage,
  type TAuditFilter,
  type TAuditPageQuery,
} from './query'
