import type { File, FileVersion, Folder } from '../../generated/prisma/client'
import { isAppError } from '../../lib/errors'
import { useDb, type TTx } from '../../lib/db'
import type { TAuthContext, TRequestMeta } from '../auth'
import { workspaceAccess, type TWorkspaceContext, type TWorkspaceRole } from '../workspace'
import { explorerNotFound } from './errors'

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Who may do what in a workspace's cabinet: any member sees and downloads (viewer),
 * members upload, sign, rename, move and trash (member), admins empty the trash (admin).
 */
export const EXPLORER_ROLES = { read: 'viewer', write: 'member', purge: 'admin' } as const satisfies Record<string, TWorkspaceRole>

/** The caller's membership, with a non-member's refusal saying `what` was not found (not the workspace). */
async function membership(auth: TAuthContext, workspaceId: string, meta: TRequestMeta, minRole: TWorkspaceRole, what: 'file' | 'folder'): Promise<TWorkspaceContext> {
  try {
    return await workspaceAccess(auth, workspaceId, meta, { minRole })
  } catch (e) {
    if (isAppError(e) && e.code === 'NOT_FOUND') throw explorerNotFound(what)
    throw e
  }
}

export interface TFileContext {
  ctx: TWorkspaceContext
  file: File
  current: FileVersion
}

/** The file and its current version, if the caller belongs to its workspace with `minRole`; else 404 (403 for a lower role). */
export async function openFile(auth: TAuthContext, fileId: string, meta: TRequestMeta, minRole: TWorkspaceRole, tx: TTx = useDb()): Promise<TFileContext> {
  if (!UUID.test(fileId)) throw explorerNotFound('file')
  const file = await tx.file.findUnique({ where: { id: fileId } })
  if (!file) throw explorerNotFound('file')
  const ctx = await membership(auth, file.workspaceId, meta, minRole, 'file')
  const current = await tx.fileVersion.findUnique({ where: { fileId_number: { fileId, number: file.currentVersion } } })
  if (!current) throw explorerNotFound('file')
  return { ctx, file, current }
}

export async function openFolder(auth: TAuthContext, folderId: string, meta: TRequestMeta, minRole: TWorkspaceRole, tx: TTx = useDb()): Promise<{ ctx: TWorkspaceContext; folder: Folder }> {
  if (!UUID.test(folderId)) throw explorerNotFound('folder')
  const folder = await tx.folder.findUnique({ where: { id: folderId } })
  if (!folder) throw explorerNotFound('folder')
  const ctx = await membership(auth, folder.workspaceId, meta, minRole, 'folder')
  return { ctx, folder }
}

/** A folder of this workspace to put something in: 404 when it is another workspace's or unknown. */
export async function targetFolder(tx: TTx, workspaceId: string, folderId: string | null | undefined): Promise<Folder | null> {
  if (!folderId) return null
  const folder = await tx.folder.findUnique({ where: { id: folderId } })
  if (!folder || folder.workspaceId !== workspaceId) throw explorerNotFound('folder')
  return folder
}

/** Whether the folder or one of its ancestors is in the trash (what is inside a trashed folder is trashed with it). */
export async function inTrash(tx: TTx, folderId: string | null): Promise<boolean> {
  if (!folderId) return false
  const rows = await tx.$queryRaw<{ trashed: boolean }[]>`
    WITH RECURSIVE up AS (
      SELECT id, parent_id, trashed_at FROM folders WHERE id = ${folderId}::uuid
      UNION ALL
      SELECT f.id, f.parent_id, f.trashed_at FROM folders f JOIN up ON f.id = up.parent_id
    )
    SELECT bool_or(trashed_at IS NOT NULL) AS trashed FROM up`
  return rows[0]?.trashed === true
}

/** The folders from the root down to `folderId` (breadcrumbs), at most 64 deep. */
export async function folderPath(tx: TTx, folderId: string | null): Promise<Folder[]> {
  if (!folderId) return []
  const rows = await tx.$queryRaw<{ id: string; depth: number }[]>`
    WITH RECURSIVE up AS (
      SELECT id, parent_id, 0 AS depth FROM folders WHERE id = ${folderId}::uuid
      UNION ALL
      SELECT f.id, f.parent_id, up.depth + 1 FROM folders f JOIN up ON f.id = up.parent_id WHERE up.depth < 64
    )
    SELECT id::text, depth FROM up ORDER BY depth DESC`
  const folders = await tx.folder.findMany({ where: { id: { in: rows.map((r) => r.id) } } })
  const byId = new Map(folders.map((f) => [f.id, f]))
  return rows.map((r) => byId.get(r.id)).filter((f): f is Folder => f !== undefined)
}
