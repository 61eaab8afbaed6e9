import { z } from 'zod'
import { AUDIT_ACTION_NAMES } from './history-actions'

/**
 * The audit log as the API shows it, shared by the history routes (contract,
 * OpenAPI) and the audit pages. The catalog of actions is in history-actions.ts.
 */

/** One entry as the API shows it (bigint id as a string: JSON has no 64-bit integers). */
export const ZAuditItemSchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actorUserId: z.string().nullable(),
  workspaceId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  diff: z.unknown(),
})
export type TAuditItem = z.infer<typeof ZAuditItemSchema>

export const ZAuditPageSchema = z.object({
  items: z.array(ZAuditItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
})
export type TAuditPage = z.infer<typeof ZAuditPageSchema>

const page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
}

export const ZAuditFilterSchema = z
  .object({
    actorUserId: z.uuid().optional(),
    workspaceId: z.uuid().optional(),
    action: z.enum(AUDIT_ACTION_NAMES as [string, ...string[]]).optional(),
    entityType: z.string().trim().min(1).max(64).optional(),
    entityId: z.string().trim().min(1).max(128).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    ...page,
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
export type TAuditFilter = z.infer<typeof ZAuditFilterSchema>

export const ZAuditPageQuerySchema = z.object(page)
export type TAuditPageQuery = z.infer<typeof ZAuditPageQuerySchema>

/** GET /api/history/verify: the hash chain walked end to end. */
export const ZChainReportSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** Id of the first row whose link or content does not match. */
  brokenAt: z.string().optional(),
  reason: z.enum(['prev_hash_mismatch', 'hash_mismatch']).optional(),
})
export type TChainReport = z.infer<typeof ZChainReportSchema>
