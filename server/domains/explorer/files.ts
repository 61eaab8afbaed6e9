import { egovQrMode } from '../../integrations'
import { useDb } from '../../lib/db'
import { presignGet, removeObject } from '../../lib/storage'
import type { TAuthContext, TRequestMeta } from '../auth'
import { roleAtLeast } from '../workspace'
import { extensionOf, FILE_KINDS, kindOfName, type TFileDetail, type TFileView, type TUpdateFileInput } from '../../../shared/explorer'
import { EXPLORER_ROLES, inTrash, openFile, targetFolder, type TFileContext } from './access'
import { explorerError, explorerNotFound } from './errors'
import { notifyFileChanged } from './signals'
import { toFileView, toSignatureView } from './views'

/** A file still uploading is its uploader's alone: to others it does not exist yet. */
function assertVisible(c: TFileContext, userId: string): void {
  if (c.current.status === 'uploading' && c.current.createdBy !== userId) throw explorerNotFound('file')
}

/**
 * Who may have the bytes: nobody while infected; only the uploader until the antivirus
 * has passed them (their own bytes, which they may need back at once); everyone with
 * access once clean.
 */
function mayDownload(c: TFileContext, userId: string): boolean {
  if (c.current.status === 'infected' || c.file.trashedAt) return false
  return c.current.status === 'clean' || c.current.createdBy === userId
}

export async function getFile(auth: TAuthContext, meta: TRequestMeta, fileId: string): Promise<TFileDetail> {
  const c = await openFile(auth, fileId, meta, EXPLORER_ROLES.read)
  assertVisible(c, auth.user.id)
  const db = useDb()
  const [versions, signatures] = await Promise.all([
    db.fileVersion.findMany({ where: { fileId }, orderBy: { number: 'desc' } }),
    db.fileSignature.findMany({ where: { fileId }, orderBy: { createdAt: 'asc' }, include: { version: { select: { number: true } } } }),
  ])
  const writer = roleAtLeast(c.ctx.membership.role, EXPLORER_ROLES.write)
  return {
    ...toFileView(c.file, c.current, signatures.length),
    versions: versions
      .filter((v) => v.status !== 'uploading')
      .map((v) => ({ number: v.number, size: v.size, status: v.status, createdAt: v.createdAt.toISOString(), createdBy: v.createdBy })),
    signatures: signatures.map((s) => toSignatureView(s, s.version.number)),
    verifyCode: c.file.verifyCode,
    can: {
      download: mayDownload(c, auth.user.id),
      sign: writer && c.current.status === 'clean' && !c.file.trashedAt,
      egovQr: writer && c.current.status === 'clean' && !c.file.trashedAt && egovQrMode() !== null,
      edit: writer && !c.file.trashedAt,
    },
  }
}

export async function updateFile(auth: TAuthContext, meta: TRequestMeta, fileId: string, input: TUpdateFileInput): Promise<TFileView> {
  const c = await openFile(auth, fileId, meta, EXPLORER_ROLES.write)
  assertVisible(c, auth.user.id)
  if (c.file.trashedAt) throw explorerError('in_trash', 'This file is in the trash: restore it first.')
  // A new name keeps saying what the bytes are: x.pdf may become y.pdf, not y.docx.
  if (input.name !== undefined) {
    const kind = kindOfName(input.name)
    if (!kind || FILE_KINDS[kind].mime !== c.current.mimeType) {
      throw explorerError('type_mismatch', `The file is ${c.current.mimeType}: keep an extension of that kind.`, { extension: extensionOf(input.name) })
    }
  }
  const updated = await useDb().$transaction(async (tx) => {
    let folderId = c.file.folderId
    if (input.folderId !== undefined) {
      folderId = (await targetFolder(tx, c.file.workspaceId, input.folderId))?.id ?? null
      if (await inTrash(tx, folderId)) throw explorerError('in_trash', 'That folder is in the trash: restore it first.')
    }
    return tx.file.update({ where: { id: c.file.id }, data: { name: input.name ?? c.file.name, folderId } })
  })
  notifyFileChanged(updated.workspaceId, updated.id, 'updated')
  return toFileView(updated, c.current, await useDb().fileSignature.count({ where: { fileId } }))
}

export async function trashFile(auth: TAuthContext, meta: TRequestMeta, fileId: string): Promise<TFileView> {
  const c = await openFile(auth, fileId, meta, EXPLORER_ROLES.write)
  assertVisible(c, auth.user.id)
  const updated = c.file.trashedAt ? c.file : await useDb().file.update({ where: { id: c.file.id }, data: { trashedAt: new Date() } })
  notifyFileChanged(updated.workspaceId, updated.id, 'trashed')
  return toFileView(updated, c.current, await useDb().fileSignature.count({ where: { fileId } }))
}

/** Back into its folder; to the root when that folder is in the trash itself now. */
export async function restoreFile(auth: TAuthContext, meta: TRequestMeta, fileId: string): Promise<TFileView> {
  const c = await openFile(auth, fileId, meta, EXPLORER_ROLES.write)
  if (!c.file.trashedAt) throw explorerError('not_in_trash', 'This file is not in the trash.')
  const updated = await useDb().$transaction(async (tx) => {
    const folderId = (await inTrash(tx, c.file.folderId)) ? null : c.file.folderId
    return tx.file.update({ where: { id: c.file.id }, data: { trashedAt: null, folderId } })
  })
  notifyFileChanged(updated.workspaceId, updated.id, 'restored')
  return toFileView(updated, c.current, await useDb().fileSignature.count({ where: { fileId } }))
}

/**
 * Deletes a file in the trash for good, with every version's bytes and its signatures.
 * Its uploader or a workspace admin may; the rows go first, so a failure to remove an
 * object leaves bytes nobody points at (the purge job does not see them) rather than rows
 * pointing at nothing.
 */
export async function deleteFile(auth: TAuthContext, meta: TRequestMeta, fileId: string): Promise<void> {
  const c = await openFile(auth, fileId, meta, EXPLORER_ROLES.write)
  if (!c.file.trashedAt) throw explorerError('not_in_trash', 'Move the file to the trash first.')
  if (c.file.createdBy !== auth.user.id && !roleAtLeast(c.ctx.membership.role, EXPLORER_ROLES.purge)) {
    throw explorerNotFound('file')
  }
  const keys = (await useDb().fileVersion.findMany({ where: { fileId }, select: { objectKey: true } })).map((v) => v.objectKey)
  await useDb().file.delete({ where: { id: c.file.id } })
  await Promise.all(keys.map((k) => removeObject(k)))
  notifyFileChanged(c.file.workspaceId, c.file.id, 'deleted')
}

/** A 5-minute link to the current version's bytes, saved under the file's name. */
export async function downloadFile(auth: TAuthContext, meta: TRequestMeta, fileId: string): Promise<{ url: string; expiresAt: string; fileName: string }> {
  const c = await openFile(auth, fileId, meta, EXPLORER_ROLES.read)
  assertVisible(c, auth.user.id)
  if (c.current.status === 'infected') {
    throw explorerError('infected', `The antivirus found ${c.current.threat ?? 'a threat'} in this file: it cannot be downloaded.`, { threat: c.current.threat })
  }
  if (c.file.trashedAt) throw explorerError('in_trash', 'This file is in the trash: restore it first.')
  if (c.current.status === 'uploading') throw explorerError('upload_missing', 'The file has not been uploaded yet.')
  if (!mayDownload(c, auth.user.id)) throw explorerError('not_clean', 'The file is still being checked by the antivirus: try again in a moment.')
  const link = await presignGet(c.current.objectKey, { expiresSec: 300, filename: c.file.name })
  return { url: link.url, expiresAt: link.expiresAt.toISOString(), fileName: c.file.name }
}
