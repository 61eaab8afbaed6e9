import { useDb } from '../../lib/db'

/**
 * The company workspaces the person belongs to, each with their seat number: members
 * in the order they joined (the owner, who made it, first; ties by id). A plan with N
 * seats covers members 1..N (subscription's `can`). Personal workspaces are left out: a
 * person's own plan is theirs, not their personal workspace's.
 */
export async function seatsOf(userId: string): Promise<{ workspaceId: string; rank: number }[]> {
  const rows = await useDb().$queryRaw<{ workspace_id: string; rank: bigint }[]>`
    SELECT r.workspace_id, r.rank FROM (
      SELECT m.workspace_id, m.user_id, row_number() OVER (PARTITION BY m.workspace_id ORDER BY m.created_at, m.user_id) AS rank
      FROM workspace_members m
      JOIN workspaces w ON w.id = m.workspace_id AND w.kind = 'company'
      WHERE m.workspace_id IN (SELECT workspace_id FROM workspace_members WHERE user_id = ${userId}::uuid)
    ) r
    WHERE r.user_id = ${userId}::uuid`
  return rows.map((r) => ({ workspaceId: r.workspace_id, rank: Number(r.rank) }))
}
