import { createHash, createHmac } from 'node:crypto'

/**
 * The hash chains, as pure functions so the writer (audit.ts), the checkpoint job
 * and the checker (verify.ts) cannot disagree: hash = sha256(prev_hash + "\n" +
 * canonical JSON of the row), prev_hash being the previous row of the same scope.
 * Canonical JSON sorts object keys at every depth, so jsonb's own key order does not
 * matter when a row is read back.
 */
export const GENESIS_HASH = '0'.repeat(64)

/** Rows of the single platform-wide chain that preceded scopes: hashed with their id, without scope and seq. */
export const LEGACY_SCOPE = 'legacy'

/**
 * The chain an entry belongs to: its workspace's, else its actor's, else the
 * system's. Entries of one scope are totally ordered; across scopes only `at` orders them.
 */
export function scopeOf(e: { workspaceId?: string | null; actorUserId: string | null }): string {
  if (e.workspaceId) return `workspace:${e.workspaceId}`
  if (e.actorUserId) return `user:${e.actorUserId}`
  return 'system'
}

export interface TChainRow {
  /** Hashed only for LEGACY_SCOPE rows (a new row's id is assigned by the insert). */
  id: bigint | string
  scope: string
  seq: bigint | string | number
  at: Date
  actorUserId: string | null
  workspaceId: string | null
  action: string
  entityType: string
  entityId: string | null
  ip: string | null
  userAgent: string | null
  diff: unknown
  eventId: string | null
}

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (typeof value === 'bigint') return JSON.stringify(value.toString())
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export function rowHash(prevHash: string, row: TChainRow): string {
  const position = row.scope === LEGACY_SCOPE ? { id: String(row.id) } : { scope: row.scope, seq: String(row.seq) }
  const body = canonicalJson({
    ...position,
    at: row.at.toISOString(),
    actorUserId: row.actorUserId,
    workspaceId: row.workspaceId,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    ip: row.ip,
    userAgent: row.userAgent,
    diff: row.diff ?? null,
    eventId: row.eventId,
  })
  return createHash('sha256').update(`${prevHash}\n${body}`).digest('hex')
}

/** A checkpoint's heads: `[scope, seq, hash]` sorted by scope. */
export type TCheckpointHeads = Array<[string, string, string]>

/**
 * HMAC-SHA256 of one checkpoint. It covers the previous checkpoint's MAC, so the
 * checkpoints form a chain of their own: removing or changing one breaks the next.
 */
export function checkpointMac(secret: string, prevMac: string, c: { id: bigint | string; at: Date; heads: TCheckpointHeads }): string {
  const body = canonicalJson({ id: String(c.id), at: c.at.toISOString(), heads: c.heads })
  return createHmac('sha256', secret).update(`${prevMac}\n${body}`).digest('hex')
}
