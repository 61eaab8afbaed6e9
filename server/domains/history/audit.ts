import { z } from 'zod'
import type { TDb, TTx } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { AUDIT_ACTIONS, isAuditAction, type TAuditAction } from '../../../shared/history-actions'
import { GENESIS_HASH, rowHash, scopeOf } from './chain'

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

/** The head of a scope as this transaction last left it (valid while the transaction holds the head's row lock). */
interface THead {
  seq: bigint
  hash: string
}
const headsByTx = new WeakMap<object, Map<string, THead>>()

/** Locks the heads of `scopes` in this transaction, in sorted order, with one statement; remembers them. */
export async function lockHeads(tx: TTx, scopes: Iterable<string>): Promise<void> {
  let heads = headsByTx.get(tx)
  if (!heads) headsByTx.set(tx, (heads = new Map()))
  const todo = [...new Set(scopes)].filter((s) => !heads.has(s)).sort()
  if (todo.length === 0) return
  const rows = await tx.$queryRaw<Array<{ scope: string; seq: bigint; hash: string }>>`
    INSERT INTO audit_heads (scope, seq, hash)
    SELECT s, 0, ${GENESIS_HASH} FROM unnest(${todo}::text[]) AS s ORDER BY s
    ON CONFLICT (scope) DO UPDATE SET seq = audit_heads.seq RETURNING scope, seq, hash`
  for (const r of rows) heads.set(r.scope, { seq: BigInt(r.seq), hash: r.hash })
}

/**
 * The history listeners' batch preparation: every head the batch's entries will
 * likely append to, locked up front in scope order. Two batches then always lock in
 * the same order and cannot deadlock; a scope guessed wrong is locked on demand by
 * audit() as before.
 */
export function lockHeadsOfEvents(events: ReadonlyArray<{ payload: unknown }>, tx: TTx): Promise<void> {
  const scopes = events.map(({ payload }) => {
    const p = payload as { workspaceId?: string | null; userId?: string | null }
    return scopeOf({ workspaceId: p.workspaceId, actorUserId: p.userId ?? null })
  })
  return lockHeads(tx, scopes)
}

/**
 * Appends one entry to its scope's chain (chain.ts scopeOf) inside the caller's
 * transaction, so the entry commits with the change it records (or neither does).
 *
 * The first append to a scope in a transaction locks that scope's row in audit_heads
 * (an upsert, so a new scope needs no separate step) and reads the head in the same
 * statement: under READ COMMITTED a row lock waits for the holder and then returns
 * its committed version, so two appends never build on the same head. The lock is
 * held until the transaction ends: appends to one scope serialise, other scopes do
 * not wait. Later appends to the same scope in that transaction (the event consumer
 * applies many events per transaction) reuse the head they left and cost one
 * statement, which also moves the head only if it is still where this transaction
 * left it (a rolled-back savepoint would otherwise fork the chain). A transaction that
 * appends to several scopes takes their locks as it goes; two such transactions can
 * deadlock (PostgreSQL aborts one): lock them up front with lockHeads() in sorted order,
 * as the event consumer does for a batch (lockHeadsOfEvents).
 *
 * Given the root client instead of a transaction, it opens its own.
 */
export async function audit(db: TDb, entry: TAuditEntry): Promise<TAuditWritten> {
  if (isRootClient(db)) return db.$transaction((tx) => audit(tx, entry)) as Promise<TAuditWritten>
  const checked = ZEntrySchema.safeParse(entry)
  if (!checked.success) {
    throw new AppError('INTERNAL', `Invalid audit entry ${entry.action}: ${checked.error.message}`)
  }
  const tx = db
  const scope = scopeOf(entry)
  let heads = headsByTx.get(tx)
  if (!heads) headsByTx.set(tx, (heads = new Map()))
  let head = heads.get(scope)
  if (!head) {
    const [row] = await tx.$queryRaw<Array<{ seq: bigint; hash: string }>>`
      INSERT INTO audit_heads (scope, seq, hash) VALUES (${scope}, 0, ${GENESIS_HASH})
      ON CONFLICT (scope) DO UPDATE SET seq = audit_heads.seq RETURNING seq, hash`
    head = { seq: BigInt(row!.seq), hash: row!.hash }
  }
  // Round-trip the diff through JSON so what is hashed is exactly what jsonb stores.
  const diff = entry.diff == null ? null : (JSON.parse(JSON.stringify(entry.diff)) as unknown)
  const row = {
    id: '',
    scope,
    seq: head.seq + BigInt(1),
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
  const hash = rowHash(head.hash, row)
  const written = await tx.$queryRaw<Array<{ id: bigint }>>`
    WITH moved AS (
      UPDATE audit_heads SET seq = ${row.seq}::bigint, hash = ${hash}, updated_at = now()
      WHERE scope = ${scope} AND seq = ${head.seq}::bigint AND hash = ${head.hash}
      RETURNING scope)
    INSERT INTO audit_log
      (scope, seq, at, actor_user_id, workspace_id, action, entity_type, entity_id, ip, user_agent, diff, event_id, prev_hash, hash)
    SELECT moved.scope, ${row.seq}::bigint, ${row.at}::timestamptz, ${row.actorUserId}::uuid, ${row.workspaceId}::uuid,
      ${row.action}, ${row.entityType}, ${row.entityId}, ${row.ip}, ${row.userAgent},
      ${diff === null ? null : JSON.stringify(diff)}::jsonb, ${row.eventId}::uuid, ${head.hash}, ${hash}
    FROM moved
    RETURNING id`
  if (written.length !== 1) {
    heads.delete(scope)
    throw new AppError('INTERNAL', `audit head of ${scope} moved under this transaction; not appending`)
  }
  heads.set(scope, { seq: row.seq, hash })
  return { id: written[0]!.id.toString(), hash }
}
