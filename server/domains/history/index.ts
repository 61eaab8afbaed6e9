// The domain's public surface: the only module other domains and routes import.
import { flushAudit, lockHeadsOfEvents } from './audit'
import { listeners as handlers } from './listeners'

export { domain } from './domain'
export { audit, lockHeads, type TAuditEntry, type TAuditWritten } from './audit'
/** The listeners, plus a batch's lock-ordering step and its single insert (audit.ts lockHeadsOfEvents, flushAudit). */
export const listeners = { ...handlers, prepare: lockHeadsOfEvents, flush: flushAudit }
export { AUDIT_ACTIONS, AUDIT_ACTION_NAMES, SECURITY_ACTIONS, isAuditAction, type TAuditAction } from '../../../shared/history-actions'
export { verifyChain, type TVerifyOptions } from './verify'
export { writeCheckpoint, type TCheckpointWritten } from './checkpoint'
export { scopeOf, rowHash, GENESIS_HASH } from './chain'
export { listMyHistory, listWorkspaceHistory, listHistory } from './query'
export {
  ZAuditFilterSchema,
  ZAuditPageQuerySchema,
  ZAuditPageSchema,
  ZAuditItemSchema,
  ZAuditRowSchema,
  ZAuditRowPageSchema,
  ZChainReportSchema,
  ZChainProblemSchema,
  CHAIN_PROBLEMS,
  withActorNames,
  type TAuditItem,
  type TAuditRow,
  type TAuditRowPage,
  type TAuditPage,
  type TAuditFilter,
  type TAuditPageQuery,
  type TChainReport,
  type TChainProblem,
} from '../../../shared/history'
