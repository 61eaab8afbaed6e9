import { Prisma } from '../../generated/prisma/client'
import { useDb } from '../../lib/db'
import type { TContentAdminItem, TDescriptionData } from '../../../shared/content'
import { lockItem, toAdminItem } from './items'
import { affectedPaths, invalidateAfterCommit, sectionOf, slugsOf } from './paths'
import { searchIndex } from './search'
import { relinkTemplate } from './template-entries'
import { audit } from '../history'
import { auditMeta, type TContentActor } from './actor'
import { auditName } from './publish-item'

/**
 * Admin only. Takes the item off the public site (and out of search) in one transaction;
 * its draft and version history stay, and publishing again makes the next version.
 * Children of an unpublished section or folder disappear with it: public reads build the
 * tree from published items only.
 */
export async function unpublishContentItem(actor: TContentActor, id: string): Promise<TContentAdminItem> {
  const { item, paths } = await useDb().$transaction(async (tx) => {
    const current = await lockItem(tx, id)
    const section = current.kind === 'section' ? null : await sectionOf(tx, current)
    const paths = affectedPaths(current.kind, slugsOf(current), section)
    const item = await tx.contentItem.update({
      where: { id },
      data: { published: Prisma.DbNull, publishedVersion: null, publishedAt: null, slugRu: null, slugKk: null, slugEn: null, publishAt: null, scheduledBy: null, draftChanged: true },
    })
    if (current.publishedVersion !== null) {
      await audit(tx, {
        action: 'content.unpublish',
        ...auditMeta(actor),
        entityId: id,
        diff: { name: auditName(current.published ?? current.draft), version: current.publishedVersion },
      })
    }
    if (current.kind === 'description' || current.kind === 'article') await searchIndex.remove(tx, id)
    // Its template stays findable, now at the runner.
    const templateId = current.kind === 'description' ? (current.published as TDescriptionData | null)?.templateId : null
    if (templateId) await relinkTemplate(tx, templateId, null)
    return { item, paths }
  })
  await invalidateAfterCommit(paths)
  return toAdminItem(item)
}
