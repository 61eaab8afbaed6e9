import { publish } from '../../events'
import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import { isAppError } from '../../lib/errors'
import { generateObjectKey, getObjectStream, presignPut, readObjectHead, removeObject, statObject } from '../../lib/storage'
import type { TAuthContext, TRequestMeta } from '../auth'
import { workspaceAccess } from '../workspace'
import { extensionOf, FILE_KINDS, kindOfName, type TCreateUploadInput, type TFileView, type TUploadTicket } from '../../../shared/explorer'
import { EXPLORER_ROLES, inTrash, openFile, targetFolder } from './access'
import { detectKind } from './detect'
import { explorerError } from './errors'
import { workspaceUsage } from './usage'
import { toFileView } from './views'

const TICKET_SECONDS = 15 * 60

function assertSize(size: number): void {
  const max = useConfig().EXPLORER_MAX_FILE_BYTES
  if (size > max) throw explorerError('too_large', `The file is larger than the allowed ${max} bytes.`, { maxBytes: max })
}

function allowedKind(name: string) {
  const kind = kindOfName(name)
  if (!kind) {
    throw explorerError('type_not_allowed', `Files of this type (.${extensionOf(name) || '?'}) cannot be stored.`, {
      extension: extensionOf(name),
    })
  }
  return kind
}

/**
 * Step one of an upload: checks the name's type, the size and the workspace's room, writes
 * the file with version 1 `uploading` (its bytes are counted against the quota at once,
 * so parallel uploads cannot overrun it) and answers a presigned PUT the browser sends the
 * bytes to directly. Nothing is visible to others until the bytes are confirmed.
 */
export async function createUpload(auth: TAuthContext, meta: TRequestMeta, input: TCreateUploadInput): Promise<TUploadTicket> {
  const ctx = await workspaceAccess(auth, input.workspaceId, meta, { minRole: EXPLORER_ROLES.write })
  const kind = allowedKind(input.name)
  assertSize(input.size)
  const workspaceId = ctx.workspace.id
  const key = generateObjectKey(`explorer/${workspaceId}`, extensionOf(input.name))
  const { file, version } = await useDb().$transaction(async (tx) => {
    // One upload at a time per workspace passes the quota check, so two cannot both take the last room.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('explorer-quota'), hashtext(${workspaceId}))`
    const folder = await targetFolder(tx, workspaceId, input.folderId)
    if (await inTrash(tx, folder?.id ?? null)) throw explorerError('in_trash', 'That folder is in the trash: restore it first.')
    const usage = await workspaceUsage(tx, workspaceId)
    if (usage.bytes + input.size > usage.quotaBytes) {
      throw explorerError('quota_exceeded', 'The workspace has no room left for this file: empty the trash or delete files.', usage)
    }
    const file = await tx.file.create({ data: { workspaceId, folderId: folder?.id ?? null, name: input.name, createdBy: auth.user.id } })
    const version = await tx.fileVersion.create({
      data: { fileId: file.id, number: 1, objectKey: key, size: input.size, mimeType: FILE_KINDS[kind].mime, createdBy: auth.user.id },
    })
    return { file, version }
  })
  const put = await presignPut(key, { expiresSec: TICKET_SECONDS, contentType: FILE_KINDS[kind].mime })
  return { file: toFileView(file, version, 0), upload: { url: put.url, method: 'PUT', headers: put.headers, expiresAt: put.expiresAt.toISOString() } }
}

/**
 * Step two: the bytes are in S3. They must be exactly the declared size and, by their
 * magic numbers, of the kind the name says; otherwise the object and the file are removed
 * (413 / 400 / 415) and nothing is left half-made. Then the version waits for the antivirus
 * (FileUploaded, in the same transaction).
 */
export async function confirmUpload(auth: TAuthContext, meta: TRequestMeta, fileId: string): Promise<TFileView> {
  const { file, current } = await openFile(auth, fileId, meta, EXPLORER_ROLES.write)
  // Only the uploader holds the ticket; to anyone else an unconfirmed file does not exist yet.
  if (current.createdBy !== auth.user.id) throw explorerError('not_uploading', 'This upload is not yours to confirm.')
  if (current.status !== 'uploading') return toFileView(file, current, await useDb().fileSignature.count({ where: { fileId } }))
  let stat
  try {
    stat = await statObject(current.objectKey)
  } catch (e) {
    if (isAppError(e) && e.code === 'NOT_FOUND') throw explorerError('upload_missing', 'The file has not arrived yet: send it to the upload address first.')
    throw e
  }
  const refuse = async (error: Error) => {
    await removeObject(current.objectKey)
    await useDb().file.deleteMany({ where: { id: file.id, currentVersion: current.number } })
    throw error
  }
  if (stat.size > useConfig().EXPLORER_MAX_FILE_BYTES) await refuse(explorerError('too_large', 'The file is larger than allowed.', { maxBytes: useConfig().EXPLORER_MAX_FILE_BYTES }))
  if (stat.size !== current.size) await refuse(explorerError('size_mismatch', `The file sent has ${stat.size} bytes, not the ${current.size} declared.`, { declared: current.size, received: stat.size }))
  const claimed = kindOfName(file.name)
  const actual = await detectKind(() => getObjectStream(current.objectKey), () => readObjectHead(current.objectKey, 4096))
  if (!actual || actual !== claimed) {
    await refuse(
      explorerError('type_mismatch', `The contents are not a .${extensionOf(file.name)} file.`, { extension: extensionOf(file.name), detected: actual }),
    )
  }
  const kind = actual!
  const updated = await useDb().$transaction(async (tx) => {
    const n = await tx.fileVersion.updateMany({
      where: { id: current.id, status: 'uploading' },
      data: { status: 'scanning', mimeType: FILE_KINDS[kind].mime, confirmedAt: new Date() },
    })
    // A second confirm racing this one found it uploading too: only one publishes.
    if (n.count === 0) return null
    await publish(tx, 'FileUploaded', { fileId: file.id, key: current.objectKey, size: stat.size })
    return tx.fileVersion.findUniqueOrThrow({ where: { id: current.id } })
  })
  const version = updated ?? (await useDb().fileVersion.findUniqueOrThrow({ where: { id: current.id } }))
  return toFileView(file, version, 0)
}
