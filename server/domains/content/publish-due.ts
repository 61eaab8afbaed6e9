import type { PrismaClient } from '../../lib/db'
import { useLogger } from '../../lib/log'
import { invalidateAfterCommit } from './paths'
import { publishNow } from './publish-item'
import { warmRussianLemmas } from './russian-lemmas'

const log = useLogger('content')

/**
 * The worker's content.publishDue job (every minute): publishes every item whose
 * scheduled time has come, each in its own transaction, as the admin who scheduled it.
 * An item that can no longer be published (a slug taken since) keeps its schedule
 * cleared and is logged: retrying each minute would not fix it.
 */
export async function publishDueContent(db: PrismaClient, now = new Date()): Promise<{ published: string[]; failed: string[] }> {
  const due = await db.contentItem.findMany({ where: { publishAt: { lte: now } }, select: { id: true, scheduledBy: true }, orderBy: { publishAt: 'asc' }, take: 100 })
  const published: string[] = []
  const failed: string[] = []
  // Loaded before the first transaction opens, not inside it (the worker warms it at start too).
  if (due.length) await warmRussianLemmas()
  for (const d of due) {
    try {
      const { paths } = await db.$transaction(async (tx) => {
        // Re-read under the lock: a cancel or an earlier run may have got there first.
        const still = await tx.contentItem.findFirst({ where: { id: d.id, publishAt: { lte: now } }, select: { scheduledBy: true } })
        if (!still) return { paths: [] as string[] }
        return publishNow(tx, d.id, { userId: still.scheduledBy ?? d.scheduledBy! }, true)
      })
      if (paths.length) {
        published.push(d.id)
        await invalidateAfterCommit(paths)
      }
    } catch (e) {
      failed.push(d.id)
      log.warn('scheduled publish failed; schedule cleared', { id: d.id, err: (e as Error).message })
      await db.contentItem.update({ where: { id: d.id }, data: { publishAt: null } })
    }
  }
  return { published, failed }
}
