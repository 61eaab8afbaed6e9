import { useDb, type TDb } from '../../lib/db'
import type { TChainReport } from '../../../shared/history'
import { GENESIS_HASH, rowHash } from './chain'

const BATCH = 1000

/**
 * Walks the whole log in id order, recomputing every hash. A changed row breaks its
 * own hash; a removed row breaks the next row's link. (Removing the newest rows
 * leaves a shorter valid chain: that needs an external anchor of the head hash.)
 */
export async function verifyChain(db: TDb = useDb()): Promise<TChainReport> {
  let prev = GENESIS_HASH
  // BigInt(-1), not a literal: the server bundle targets es2019, where esbuild warns on `-1n`.
  let after = BigInt(-1)
  let checked = 0
  for (;;) {
    const rows = await db.auditLog.findMany({ where: { id: { gt: after } }, orderBy: { id: 'asc' }, take: BATCH })
    for (const r of rows) {
      if (r.prevHash !== prev) return { ok: false, checked, brokenAt: r.id.toString(), reason: 'prev_hash_mismatch' }
      if (rowHash(prev, r) !== r.hash) return { ok: false, checked, brokenAt: r.id.toString(), reason: 'hash_mismatch' }
      prev = r.hash
      checked++
    }
    if (rows.length < BATCH) return { ok: true, checked }
    after = rows.at(-1)!.id
  }
}
