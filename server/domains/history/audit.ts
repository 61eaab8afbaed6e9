import { z } from 'zod'
import type { TDb, TTx } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { AUDIT_ACTIONS, isAuditAction, type TAuditAction } from '../../../shared/history-actions'
import { GENESIS_HASH, rowHash, scopeOf, type TChainRow } from './chain'

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
  /** Null when the entry waits for its event batch's single insert (lockHeadsOfEvents). */
  id: string | null
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

type TRow = TChainRow & { seq: bigint; prevHash: string; hash: string }

interface TTxState {
  heads: Map<string, THead>
  /** Set by lockHeadsOfEvents (an event batch): entries wait here for flushAudit's single insert. */
  buffer: TRow[] | null
  /** Each buffered scope's head as locked, before the buffered entries. */
  base: Map<string, bigint>
}
const stateByTx = new WeakMap<object, TTxState>()

function stateOf(tx: object): TTxState {
  let st = stateByTx.get(tx)
  if (!st) stateByTx.set(tx, (st = { heads: new Map(), buffer: null, base: new Map() }))
  return st
}

/** Locks the heads of `scopes` in this transaction, in sorted order, with one statement; remembers them. */
export async function lockHeads(tx: TTx, scopes: Iterable<string>): Promise<void> {
  const { heads } = stateOf(tx)
  const unlocked = [...new Set(scopes)].filter((s) => !heads.has(s)).sort()
  if (unlocked.length === 0) return
  const rows = await tx.$queryRaw<Array<{ scope: string; seq: bigint; hash: string }>>`
    INSERT INTO audit_heads (scope, seq, hash)
    SELECT s, 0, ${GENESIS_HASH} FROM unnest(${unlocked}::text[]) AS s ORDER BY s
    ON CONFLICT (scope) DO UPDATE SET seq = audit_heads.seq RETURNING scope, seq, hash`
  for (const r of rows) heads.set(r.scope, { seq: BigInt(r.seq), hash: r.hash })
}

/**
 * The history listeners' batch preparation (the event consumer calls it at the start
 * of a transaction applying several events): every head the batch's entries will
 * likely append to, locked up front in scope order, so two batches always lock in the
 * same order and cannot deadlock (a scope guessed wrong is locked on demand). From
 * here on audit() in this transaction only computes the entry and buffers it;
 * flushAudit() writes the batch's entries and moves its heads in one statement.
 */
export function lockHeadsOfEvents(events: ReadonlyArray<{ payload: unknown }>, tx: TTx): Promise<void> {
  const st = stateOf(tx)
  st.buffer ??= []
  const scopes = events.map(({ payload }) => {
    const p = payload as { workspaceId?: string | null; userId?: string | null }
    return scopeOf({ workspaceId: p.workspaceId, actorUserId: p.userId ?? null })
  })
  return lockHeads(tx, scopes)
}

/** Writes the entries buffered since lockHeadsOfEvents: one multi-row insert, the heads moved in the same statement. */
export async function flushAudit(tx: TTx): Promise<void> {
  const st = stateByTx.get(tx)
  const rows = st?.buffer
  if (!st || !rows || rows.length === 0) return
  st.buffer = []
  const moved = [...new Set(rows.map((r) => r.scope))].map((scope) => ({ scope, from: st.base.get(scope)!, to: st.heads.get(scope)! }))
  st.base.clear()
  const col = <K extends keyof TRow>(k: K) => rows.map((r) => r[k])
  const written = await tx.$queryRaw<Array<{ n: bigint }>>`
    WITH moved AS (
      UPDATE audit_heads h SET seq = m.seq, hash = m.hash, updated_at = now()
      FROM unnest(${moved.map((m) => m.scope)}::text[], ${moved.map((m) => m.from.toString())}::bigint[],
        ${moved.map((m) => m.to.seq.toString())}::bigint[], ${moved.map((m) => m.to.hash)}::text[]) AS m(scope, from_seq, seq, hash)
      WHERE h.scope = m.scope AND h.seq = m.from_seq
      RETURNING h.scope),
    ins AS (
      INSERT INTO audit_log
        (scope, seq, at, actor_user_id, workspace_id, action, entity_type, entity_id, ip, user_agent, diff, event_id, prev_hash, hash)
      SELECT * FROM unnest(${col('scope')}::text[], ${rows.map((r) => r.seq.toString())}::bigint[],
        ${rows.map((r) => r.at.toISOString())}::timestamptz[], ${col('actorUserId')}::uuid[], ${col('workspaceId')}::uuid[],
        ${col('action')}::text[], ${col('entityType')}::text[], ${col('entityId')}::text[], ${col('ip')}::text[],
        ${col('userAgent')}::text[], ${rows.map((r) => (r.diff === null ? null : JSON.stringify(r.diff)))}::jsonb[],
        ${col('eventId')}::uuid[], ${col('prevHash')}::text[], ${col('hash')}::text[])
      WHERE (SELECT count(*) FROM moved) = ${moved.length}
      RETURNING 1)
    SELECT count(*) AS n FROM ins`
  if (Number(written[0]?.n ?? 0) !== rows.length) {
    throw new AppError('INTERNAL', 'an audit head moved under this transaction; not appending the batch')
  }
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
 * as the event consumer does for a batch (lockHeadsOfEvents, which also makes the
 * batch's entries one insert: then the returned id is null).
 *
 * Given the root client instead of a transaction, it opens its own.
 */
export async function audit(db: TDb, entry: TAuditEntry): Promise<TAuditWritten> {
  // Appends to one scope queue on its head row; Prisma's default 2 s wait for a
  // connection made a burst of direct calls fail with "Unable to start a transaction".
  if (isRootClient(db)) return db.$transaction((tx) => audit(tx, entry), { maxWait: 15_000, timeout: 30_000 }) as Promise<TAuditWritten>
  const checked = ZEntrySchema.safeParse(entry)
  if (!checked.success) {
    throw new AppError('INTERNAL', `Invalid audit entry ${entry.action}: ${checked.error.message}`)
  }
  const tx = db
  const scope = scopeOf(entry)
  const st = stateOf(tx)
  const heads = st.heads
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
  if (st.buffer) {
    if (!st.base.has(scope)) st.base.set(scope, head.seq)
    st.buffer.push({ ...row, prevHash: head.hash, hash })
    heads.set(scope, { seq: row.seq, hash })
    return { id: null, hash }
  }
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
