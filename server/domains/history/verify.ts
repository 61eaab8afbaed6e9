import { useConfig } from '../../lib/config'
import { useDb, type TDb } from '../../lib/db'
import type { TChainProblem, TChainReport } from '../../../shared/history'
import { checkpointMac, GENESIS_HASH, rowHash, type TChainRow, type TCheckpointHeads } from './chain'

const BATCH = 1000
const MAX_PROBLEMS = 100

interface TStoredRow extends TChainRow {
  id: bigint
  seq: bigint
  prevHash: string
  hash: string
}

interface THeadRef {
  seq: bigint
  hash: string
}

export interface TVerifyOptions {
  /** The key checkpoints were signed with; defaults to HISTORY_CHECKPOINT_SECRET. */
  secret?: string
  /** Called once per scope walked, with its length and last hash (the CLI lists them). */
  onScope?: (s: { scope: string; entries: number; head: string; ok: boolean }) => void
}

/**
 * Checks every scope's chain and the signed checkpoints.
 *
 * - Checkpoints: each MAC is recomputed with the secret and must link to the previous
 *   one. A checkpoint that fails is reported and its heads are not trusted.
 * - Chains, walked in (scope, seq) order: seq runs 1, 2, 3 … without gaps, each row
 *   links to the previous hash and its own hash matches its content. A changed row
 *   breaks its own hash; a removed row leaves a gap.
 * - Each chain must still contain the head the newest valid checkpoint signed for its
 *   scope: removing the newest rows that a checkpoint covered is detected. Rows
 *   removed after the last checkpoint are caught only by audit_heads, which whoever
 *   removed them can rewrite too (see the domain README).
 */
export async function verifyChain(db: TDb = useDb(), opts: TVerifyOptions = {}): Promise<TChainReport> {
  const secret = opts.secret ?? useConfig().HISTORY_CHECKPOINT_SECRET
  const problems: TChainProblem[] = []
  const problem = (p: TChainProblem) => void (problems.length < MAX_PROBLEMS && problems.push(p))

  // The newest signed head of each scope.
  const covered = new Map<string, THeadRef>()
  const checkpoints = await db.$queryRaw<Array<{ id: bigint; at: Date; heads: TCheckpointHeads; prevMac: string; mac: string }>>`
    SELECT id, at, heads, prev_mac AS "prevMac", mac FROM audit_checkpoints ORDER BY id`
  let prevMac = GENESIS_HASH
  let validCheckpoints = 0
  let lastCheckpointAt: string | null = null
  for (const c of checkpoints) {
    const valid = checkpointMac(secret, c.prevMac, c) === c.mac
    if (!valid || c.prevMac !== prevMac) problem({ scope: 'checkpoints', reason: 'checkpoint_invalid', id: String(c.id) })
    prevMac = c.mac
    if (!valid) continue
    validCheckpoints++
    lastCheckpointAt = c.at.toISOString()
    for (const [scope, seq, hash] of c.heads) {
      const s = BigInt(seq)
      if ((covered.get(scope)?.seq ?? BigInt(-1)) < s) covered.set(scope, { seq: s, hash })
    }
  }

  const heads = new Map<string, THeadRef>()
  for (const h of await db.$queryRaw<Array<{ scope: string; seq: bigint; hash: string }>>`SELECT scope, seq, hash FROM audit_heads`) {
    heads.set(h.scope, { seq: BigInt(h.seq), hash: h.hash })
  }

  let checked = 0
  let scopes = 0
  // The scope being walked.
  // `as`: TypeScript would otherwise narrow it to null for good (it is assigned in the loop and read in finish()).
  let cur = null as { scope: string; prev: string; seq: bigint; broken: boolean; signedSeen: boolean } | null
  const seen = new Set<string>()

  const finish = () => {
    if (!cur) return
    scopes++
    seen.add(cur.scope)
    if (!cur.broken) {
      const signed = covered.get(cur.scope)
      const head = heads.get(cur.scope)
      if (signed && !cur.signedSeen) {
        problem({ scope: cur.scope, reason: 'checkpoint_mismatch', seq: String(signed.seq) })
        cur.broken = true
      } else if (!head || head.seq !== cur.seq || head.hash !== cur.prev) {
        problem({ scope: cur.scope, reason: 'head_mismatch', seq: String(cur.seq) })
        cur.broken = true
      }
    }
    opts.onScope?.({ scope: cur.scope, entries: Number(cur.seq), head: cur.prev, ok: !cur.broken })
  }

  let after = { scope: '', seq: BigInt(0) }
  for (;;) {
    const rows = await db.$queryRaw<TStoredRow[]>`
      SELECT id, scope, seq, at, actor_user_id AS "actorUserId", workspace_id AS "workspaceId", action,
        entity_type AS "entityType", entity_id AS "entityId", ip, user_agent AS "userAgent", diff,
        event_id AS "eventId", prev_hash AS "prevHash", hash
      FROM audit_log WHERE (scope, seq) > (${after.scope}, ${after.seq}::bigint)
      ORDER BY scope, seq LIMIT ${BATCH}`
    for (const r of rows) {
      if (cur?.scope !== r.scope) {
        finish()
        cur = { scope: r.scope, prev: GENESIS_HASH, seq: BigInt(0), broken: false, signedSeen: false }
      }
      if (cur.broken) continue
      const seq = BigInt(r.seq)
      const at = { scope: r.scope, id: String(r.id), seq: String(seq) }
      let reason: TChainProblem['reason'] | null = null
      if (seq !== cur.seq + BigInt(1)) reason = 'seq_gap'
      else if (r.prevHash !== cur.prev) reason = 'prev_hash_mismatch'
      else if (rowHash(cur.prev, r) !== r.hash) reason = 'hash_mismatch'
      else {
        const signed = covered.get(r.scope)
        if (signed?.seq === seq) {
          if (signed.hash !== r.hash) reason = 'checkpoint_mismatch'
          else cur.signedSeen = true
        }
      }
      if (reason) {
        problem({ ...at, reason })
        cur.broken = true
        continue
      }
      cur.prev = r.hash
      cur.seq = seq
      checked++
    }
    if (rows.length < BATCH) break
    const last = rows.at(-1)!
    after = { scope: last.scope, seq: BigInt(last.seq) }
  }
  finish()

  // Chains that are gone entirely.
  for (const [scope, signed] of covered) {
    if (!seen.has(scope)) problem({ scope, reason: 'checkpoint_mismatch', seq: String(signed.seq) })
  }
  for (const [scope, head] of heads) {
    if (!seen.has(scope) && !covered.has(scope) && head.seq > BigInt(0)) problem({ scope, reason: 'head_mismatch', seq: '0' })
  }

  const first = problems[0]
  return {
    ok: problems.length === 0,
    checked,
    scopes,
    checkpoints: validCheckpoints,
    lastCheckpointAt,
    ...(first ? { brokenAt: first.id ?? first.scope, reason: first.reason } : {}),
    problems,
  }
}
