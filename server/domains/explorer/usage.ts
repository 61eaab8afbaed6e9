import { useConfig } from '../../lib/config'
import type { TTx } from '../../lib/db'

/** Bytes a workspace's files take: every version, the trash and unfinished uploads included (their room is held). */
export async function workspaceUsage(tx: TTx, workspaceId: string): Promise<{ bytes: number; quotaBytes: number }> {
  const rows = await tx.$queryRaw<{ bytes: bigint | null }[]>`
    SELECT sum(v.size)::bigint AS bytes FROM file_versions v JOIN files f ON f.id = v.file_id WHERE f.workspace_id = ${workspaceId}::uuid`
  return { bytes: Number(rows[0]?.bytes ?? 0), quotaBytes: useConfig().EXPLORER_WORKSPACE_QUOTA_BYTES }
}
