import { createHash } from 'node:crypto'

/**
 * The hash chain, as pure functions so the writer (audit.ts) and the checker
 * (verify.ts) cannot disagree: hash = sha256(prev_hash + "\n" + canonical JSON of
 * the row). Canonical JSON sorts object keys at every depth, so jsonb's own key
 * order does not matter when a row is read back.
 */
export const GENESIS_HASH = '0'.repeat(64)

export interface TChainRow {
  id: bigint | string
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
  const body = canonicalJson({
    id: String(row.id),
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
