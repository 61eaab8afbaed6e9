import type { z } from 'zod'
import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import type { TAuthContext, TRequestMeta } from '../auth'
import { workspaceAccess } from '../workspace'
import type { TListing, ZListQuerySchema } from '../../../shared/explorer'
import { EXPLORER_ROLES, folderPath, inTrash, targetFolder } from './access'
import { explorerError } from './errors'
import { workspaceUsage } from './usage'
import { toFileView, toFolderView } from './views'

/**
 * One folder's contents (or the root's), or the trash: its top entries, i.e. what was
 * trashed itself, not what went with a trashed folder. Files still uploading are
 * shown only to their uploader (nobody else can do anything with them yet).
 */
export async function listEntries(auth: TAuthContext, meta: TRequestMeta, query: z.infer<typeof ZListQuerySchema>): Promise<TListing> {
  const ctx = await workspaceAccess(auth, query.workspaceId, meta, { minRole: EXPLORER_ROLES.read })
  const db = useDb()
  const workspaceId = ctx.workspace.id
  const trash = query.view === 'trash'
  const folder = trash ? null : await targetFolder(db, workspaceId, query.folderId)
  if (folder && (await inTrash(db, folder.id))) throw explorerError('in_trash', 'This folder is in the trash: restore it to open it.')
  const where = trash ? { workspaceId, trashedAt: { not: null } } : { workspaceId, trashedAt: null }
  const [folders, files, path, usage] = await Promise.all([
    db.folder.findMany({ where: trash ? where : { ...where, parentId: folder?.id ?? null }, orderBy: [{ name: 'asc' }], take: 1000 }),
    db.file.findMany({
      where: trash ? where : { ...where, folderId: folder?.id ?? null },
      orderBy: [{ name: 'asc' }],
      take: 2000,
      include: { versions: true, _count: { select: { signatures: true } } },
    }),
    folderPath(db, folder?.id ?? null),
    workspaceUsage(db, workspaceId),
  ])
  const views = files.flatMap((f) => {
    const current = f.versions.find((v) => v.number === f.currentVersion)
    if (!current) return []
    if (current.status === 'uploading' && f.createdBy !== auth.user.id) return []
    return [toFileView(f, current, f._count.signatures)]
  })
  return { workspaceId, folder: folder ? toFolderView(folder) : null, path: path.map(toFolderView), folders: folders.map(toFolderView), files: views, usage, trashDays: useConfig().EXPLORER_TRASH_DAYS, maxFileBytes: useConfig().EXPLORER_MAX_FILE_BYTES }
}
