import { z } from 'zod'
import type { TDb, TTx } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { AUDIT_ACTIONS, isAuditAction, type TAuditAction } from '../../../shared/history-actions'
import { GENESIS_HASH, rowHash } from './chain'

/** Serialises appends platform-wide: the chain has exactly one head at any time. */
const CHAIN_LOCK = 724_240_101

export interface TAuditEntry {
  action: TAuditAction
  /** Null for entries no signed-in person caused. */
  actorUserId: string | null
  workspaceId?: string | null
  /** Defaults to the action's entity type in the catalog. */
  entityType?: string
  entityId?: string | null
  ip?: string | null
  userAgent?: string | null
  /** What changed, e.g. `{ role: { from: 'member', to: 'admin' } }`. Must be JSON. */
  diff?: Record<string, unknown> | null
  /** The event an event listener is recording. */
  eventId?: string | null
  at?: Date
}

export interface TAuditWritten {
  id: string
  hash: string
}

const ZEntrySchema = z.object({
  action: z.string().refine(isAuditAction, 'unknown audit action'),
  actorUserId: z.uuid().nullable(),
  workspaceId: z.uuid().nullish(),
  entityType: z.string().min(1).max(64).optional(),
  entityId: z.string().max(128).nullish(),
  eventId: z.uuid().nullish(),
})

// A transaction client also answers $transaction (it nests), but only the root client can $connect.
function isRootClient(db: TDb): db is TDb & { $transaction: (fn: (tx: TTx) => Promise<unknown>) => Promise<unknown> } {
  return typeof (db as { $connect?: unknown }).$connect === 'function'
}

/**
 * Appends one entry to the audit log inside the caller's transaction, so the entry
 * commits with the change it records (or neither does). The advisory lock is held
 * until that transaction ends: call audit() last in a transaction to hold it briefly.
 * Given the root client instead of a transaction, it opens its own.
 */
export async function audit(db: TDb, entry: TAuditEntry): Promise<TAuditWritten> {
  if (isRootClient(db)) return db.$transaction((tx) => audit(tx, entry)) as Promise<TAuditWritten>
  const checked = ZEntrySchema.safeParse(entry)
  if (!checked.success) {
    throw new AppError('INTERNAL', `Invalid audit entry ${entry.action}: ${checked.error.message}`)
  }
  const tx = db
  // A separate statement: under READ COMMITTED the head is read with a snapshot taken
  // after the lock is granted, so it sees the previous holder's committed row.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK}::bigint)`
  const [head] = await tx.$queryRaw<Array<{ prev: string | null; id: bigint }>>`
    SELECT (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev, nextval('audit_log_id_seq') AS id`
  // Round-trip the diff through JSON so what is hashed is exactly what jsonb stores.
  const diff = entry.diff == null ? null : (JSON.parse(JSON.stringify(entry.diff)) as unknown)
  const row = {
    id: BigInt(head!.id),
    at: entry.at ?? new Date(),
    actorUserId: entry.actorUserId,
    workspaceId: entry.workspaceId ?? null,
    action: entry.action,
    entityType: entry.entityType ?? AUDIT_ACTIONS[entry.action].entityType,
    entityId: entry.entityId ?? null,
    ip: entry.ip?.slice(0, 64) ?? null,
    userAgent: entry.userAgent?.slice(0, 512) ?? null,
    diff,
    eventId: entry.eventId ?? null,
  }
  const prevHash = head!.prev ?? GENESIS_HASH
  const hash = rowHash(prevHash, row)
  await tx.$executeRaw`INSERT INTO audit_log
      (id, at, actor_user_id, workspace_id, action, entity_type, entity_id, ip, user_agent, diff, event_id, prev_hash, hash)
    VALUES (${row.id}, ${row.at}, ${row.actorUserId}::uuid, ${row.workspaceId}::uuid, ${row.action}, ${row.entityType},
      ${row.entityId}, ${row.ip}, ${row.userAgent}, ${diff === null ? null : JSON.stringify(diff)}::jsonb,
      ${row.eventId}::uuid, ${prevHash}, ${hash})`
  return { id: row.id.toString(), hash }
}
