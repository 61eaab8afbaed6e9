import { useDb } from '../../lib/db'
import type { TAuthContext, TRequestMeta } from '../auth'
import { workspaceAccess } from '../workspace'
import type { TCreateFolderInput, TFolderView, TUpdateFolderInput } from '../../../shared/explorer'
import { EXPLORER_ROLES, folderPath, inTrash, openFolder, targetFolder } from './access'
import { explorerError } from './errors'
import { toFolderView } from './views'

const MAX_DEPTH = 32

async function assertPlace(tx: Parameters<typeof inTrash>[0], parentId: string | null): Promise<void> {
  if (await inTrash(tx, parentId)) throw explorerError('in_trash', 'That folder is in the trash: restore it first.')
  if ((await folderPath(tx, parentId)).length >= MAX_DEPTH) throw explorerError('folder_cycle', `Folders nest at most ${MAX_DEPTH} deep.`)
}

export async function createFolder(auth: TAuthContext, meta: TRequestMeta, input: TCreateFolderInput): Promise<TFolderView> {
  const ctx = await workspaceAccess(auth, input.workspaceId, meta, { minRole: EXPLORER_ROLES.write })
  return useDb().$transaction(async (tx) => {
    const parent = await targetFolder(tx, ctx.workspace.id, input.parentId)
    await assertPlace(tx, parent?.id ?? null)
    const folder = await tx.folder.create({ data: { workspaceId: ctx.workspace.id, parentId: parent?.id ?? null, name: input.name, createdBy: auth.user.id } })
    return toFolderView(folder)
  })
}

/** Rename and/or move. Moving a folder into itself or below itself is refused (409 folder_cycle). */
export async function updateFolder(auth: TAuthContext, meta: TRequestMeta, folderId: string, input: TUpdateFolderInput): Promise<TFolderView> {
  const { ctx, folder } = await openFolder(auth, folderId, meta, EXPLORER_ROLES.write)
  return useDb().$transaction(async (tx) => {
    if (folder.trashedAt) throw explorerError('in_trash', 'This folder is in the trash: restore it first.')
    let parentId = folder.parentId
    if (input.parentId !== undefined) {
      const parent = await targetFolder(tx, ctx.workspace.id, input.parentId)
      parentId = parent?.id ?? null
      if (parentId && (await folderPath(tx, parentId)).some((f) => f.id === folder.id)) {
        throw explorerError('folder_cycle', 'A folder cannot be moved into itself or into a folder inside it.')
      }
      await assertPlace(tx, parentId)
    }
    const updated = await tx.folder.update({ where: { id: folder.id }, data: { name: input.name ?? folder.name, parentId } })
    return toFolderView(updated)
  })
}

/** Into the trash with everything inside it; purged EXPLORER_TRASH_DAYS later unless restored. */
export async function trashFolder(auth: TAuthContext, meta: TRequestMeta, folderId: string): Promise<TFolderView> {
  const { folder } = await openFolder(auth, folderId, meta, EXPLORER_ROLES.write)
  if (folder.trashedAt) return toFolderView(folder)
  return toFolderView(await useDb().folder.update({ where: { id: folder.id }, data: { trashedAt: new Date() } }))
}

/** Back where it was; to the root when the folder it was in is itself in the trash now. */
export async function restoreFolder(auth: TAuthContext, meta: TRequestMeta, folderId: string): Promise<TFolderView> {
  const { folder } = await openFolder(auth, folderId, meta, EXPLORER_ROLES.write)
  if (!folder.trashedAt) throw explorerError('not_in_trash', 'This folder is not in the trash.')
  return useDb().$transaction(async (tx) => {
    const parentId = (await inTrash(tx, folder.parentId)) ? null : folder.parentId
    return toFolderView(await tx.folder.update({ where: { id: folder.id }, data: { trashedAt: null, parentId } }))
  })
}
