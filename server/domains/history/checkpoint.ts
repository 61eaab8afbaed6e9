import type { PrismaClient } from '../../lib/db'
import { useConfig } from '../../lib/config'
import { useLogger } from '../../lib/log'
import { checkpointMac, GENESIS_HASH, type TCheckpointHeads } from './chain'

/** One checkpoint writer at a time: two would both chain to the same previous MAC. */
const CHECKPOINT_LOCK = 724_240_102

/**
 * A head is re-signed when it moved since this long before the previous checkpoint.
 * audit_heads.updated_at is its transaction's start, and a transaction that began
 * before the previous checkpoint may have committed after it; appends run in
 * transactions far shorter than this (the event consumer's time out is 60 s).
 */
const OVERLAP_MS = 10 * 60 * 1000

export interface TCheckpointWritten {
  id: string
  at: string
  scopes: number
  mac: string
}

const log = useLogger('history')

/**
 * Signs the heads of every scope that moved since the previous checkpoint (all heads
 * on the first run) and stores the checkpoint; the worker runs it on a schedule
 * (history.checkpoint). The MAC, id and heads also go to the application log: a copy
 * outside the database, for when the database itself is not to be trusted.
 * Returns null when no head moved.
 */
export async function writeCheckpoint(
  db: PrismaClient,
  secret: string = useConfig().HISTORY_CHECKPOINT_SECRET,
): Promise<TCheckpointWritten | null> {
  const written = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHECKPOINT_LOCK}::bigint)`
    const [last] = await tx.$queryRaw<Array<{ at: Date; mac: string }>>`
      SELECT at, mac FROM audit_checkpoints ORDER BY id DESC LIMIT 1`
    const since = last ? new Date(last.at.getTime() - OVERLAP_MS) : new Date(0)
    const rows = await tx.$queryRaw<Array<{ scope: string; seq: bigint; hash: string }>>`
      SELECT scope, seq, hash FROM audit_heads WHERE updated_at >= ${since}::timestamptz AND seq > 0 ORDER BY scope`
    // A head that moved at or after `since` can only have been signed by a checkpoint since then.
    const signed = new Set<string>()
    for (const c of await tx.$queryRaw<Array<{ heads: TCheckpointHeads }>>`
      SELECT heads FROM audit_checkpoints WHERE at >= ${since}::timestamptz`) {
      for (const [scope, seq, hash] of c.heads) signed.add(`${scope} ${seq} ${hash}`)
    }
    const heads: TCheckpointHeads = rows
      .map((r): [string, string, string] => [r.scope, String(r.seq), r.hash])
      .filter(([scope, seq, hash]) => !signed.has(`${scope} ${seq} ${hash}`))
    if (heads.length === 0) return null
    const [{ id }] = (await tx.$queryRaw<Array<{ id: bigint }>>`SELECT nextval('audit_checkpoints_id_seq') AS id`) as [{ id: bigint }]
    const at = new Date()
    const prevMac = last?.mac ?? GENESIS_HASH
    const mac = checkpointMac(secret, prevMac, { id, at, heads })
    await tx.$executeRaw`INSERT INTO audit_checkpoints (id, at, heads, prev_mac, mac)
      VALUES (${id}::bigint, ${at}::timestamptz, ${JSON.stringify(heads)}::jsonb, ${prevMac}, ${mac})`
    return { id: String(id), at: at.toISOString(), scopes: heads.length, mac, heads }
  })
  if (!written) return null
  const { heads, ...summary } = written
  // Heads in the log only while the line stays readable; the MAC alone pins them (it is checked against the table).
  log.info('audit checkpoint', { ...summary, heads: heads.length <= 50 ? heads : undefined })
  return summary
}
