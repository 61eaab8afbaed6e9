import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import { useLogger } from '../../lib/log'
import { removeObject } from '../../lib/storage'

const log = useLogger('explorer')

/** An upload ticket lasts 15 minutes; a file still `uploading` a day later was abandoned. */
const ABANDONED_AFTER_MS = 24 * 3600 * 1000

/**
 * Empties what stayed in the trash EXPLORER_TRASH_DAYS (a folder with everything below it)
 * and removes uploads never confirmed. Rows go first, then the bytes: an object left behind
 * by a failed removal costs storage, a row pointing at no object would break a page.
 */
export async function purgeExplorer(now = new Date()): Promise<{ files: number; folders: number; objects: number }> {
  const db = useDb()
  const cutoff = new Date(now.getTime() - useConfig().EXPLORER_TRASH_DAYS * 24 * 3600 * 1000)
  const abandoned = new Date(now.getTime() - ABANDONED_AFTER_MS)
  const doomed = await db.$queryRaw<{ file_id: string | null; folder_id: string | null }[]>`
    WITH RECURSIVE down AS (
      SELECT id FROM folders WHERE trashed_at < ${cutoff}
      UNION
      SELECT f.id FROM folders f JOIN down ON f.parent_id = down.id
    )
    SELECT NULL::text AS file_id, id::text AS folder_id FROM down
    UNION ALL
    SELECT fi.id::text, NULL FROM files fi
    WHERE fi.trashed_at < ${cutoff}
       OR fi.folder_id IN (SELECT id FROM down)
       OR (fi.current_version = 1 AND EXISTS (
             SELECT 1 FROM file_versions v WHERE v.file_id = fi.id AND v.number = 1 AND v.status = 'uploading' AND v.created_at < ${abandoned}))`
  const fileIds = doomed.flatMap((r) => (r.file_id ? [r.file_id] : []))
  const folderIds = doomed.flatMap((r) => (r.folder_id ? [r.folder_id] : []))
  if (fileIds.length === 0 && folderIds.length === 0) return { files: 0, folders: 0, objects: 0 }
  const keys = (await db.fileVersion.findMany({ where: { fileId: { in: fileIds } }, select: { objectKey: true } })).map((v) => v.objectKey)
  await db.$transaction([db.file.deleteMany({ where: { id: { in: fileIds } } }), db.folder.deleteMany({ where: { id: { in: folderIds } } })])
  let removed = 0
  for (const key of keys) {
    try {
      await removeObject(key)
      removed++
    } catch (e) {
      log.warn('a purged file\'s bytes could not be removed', { key, err: e instanceof Error ? e.message : String(e) })
    }
  }
  return { files: fileIds.length, folders: folderIds.length, objects: removed }
}
