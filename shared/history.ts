import { z } from 'zod'
import { AUDIT_ACTION_NAMES } from './history-actions'

/**
 * The audit log as the API shows it, shared by the history routes (contract,
 * OpenAPI) and the audit pages. The catalog of actions is in history-actions.ts.
 */

/** One entry as the history domain reads it (bigint id as a string: JSON has no 64-bit integers). */
export const ZAuditRowSchema = z.object({
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
export type TAuditRow = z.infer<typeof ZAuditRowSchema>

/**
 * One entry as the API shows it: the entry plus who the actor is for people (name,
 * else email, else phone; null for the system or an account that no longer exists).
 * The routes add the name from the auth domain's displayNames() when they answer:
 * the log keeps only the id, so a renamed person shows their current name and the
 * hashed entries never change.
 */
export const ZAuditItemSchema = ZAuditRowSchema.extend({ actorName: z.string().nullable() })
export type TAuditItem = z.infer<typeof ZAuditItemSchema>

const paged = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
export const ZAuditRowPageSchema = paged(ZAuditRowSchema)
export type TAuditRowPage = z.infer<typeof ZAuditRowPageSchema>
export const ZAuditPageSchema = paged(ZAuditItemSchema)
export type TAuditPage = z.infer<typeof ZAuditPageSchema>

/** A page of entries with each actor's display name from `names` (id → name). */
export function withActorNames(page: TAuditRowPage, names: ReadonlyMap<string, string>): TAuditPage {
  return { ...page, items: page.items.map((i) => ({ ...i, actorName: (i.actorUserId && names.get(i.actorUserId)) || null })) }
}

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

/**
 * Why a scope's chain does not verify: a row's content or link was changed
 * (hash/prev_hash mismatch), a row is missing in the middle (seq_gap), entries a
 * signed checkpoint covered are gone or differ (checkpoint_mismatch), the stored head
 * is ahead of or differs from the chain (head_mismatch: newest rows removed after the
 * last checkpoint, unless the head was rewritten too), or a checkpoint's signature or
 * link is wrong (checkpoint_invalid: forged, or signed with another key).
 */
export const CHAIN_PROBLEMS = ['prev_hash_mismatch', 'hash_mismatch', 'seq_gap', 'checkpoint_mismatch', 'head_mismatch', 'checkpoint_invalid'] as const
export const ZChainProblemSchema = z.object({
  /** `workspace:<id>`, `user:<id>`, `system`, `legacy`; `checkpoints` for a bad checkpoint. */
  scope: z.string(),
  reason: z.enum(CHAIN_PROBLEMS),
  /** Id of the offending row (audit_log, or audit_checkpoints for checkpoint_invalid). */
  id: z.string().optional(),
  /** Position in the scope's chain where it breaks. */
  seq: z.string().optional(),
})
export type TChainProblem = z.infer<typeof ZChainProblemSchema>

/** GET /api/history/verify: every scope's chain walked end to end and checked against the signed checkpoints. */
export const ZChainReportSchema = z.object({
  ok: z.boolean(),
  /** Entries whose hash and link verified. */
  checked: z.number().int(),
  /** Chains walked. */
  scopes: z.number().int(),
  /** Checkpoints whose signature verified, and the newest of them. */
  checkpoints: z.number().int(),
  lastCheckpointAt: z.string().nullable(),
  /** The first problem, kept for callers of the single-chain report. */
  brokenAt: z.string().optional(),
  reason: z.enum(CHAIN_PROBLEMS).optional(),
  /** At most one per scope, at most 100. */
  problems: z.array(ZChainProblemSchema),
})
export type TChainReport = z.infer<typeof ZChainReportSchema>
