import type { ContentItem } from '../../generated/prisma/client'
import type { Prisma } from '../../lib/db'
import { useDb, type TTx } from '../../lib/db'
import {
  missingTranslations,
  ZPublishContentSchema,
  type TArticleData,
  type TContentAdminItem,
  type TDescriptionData,
  type TLocalizedText,
  type TSectionData,
} from '../../../shared/content'
import { auditMeta, type TContentActor } from './actor'
import { audit } from '../history'
import { contentConflict, missingTranslationsError } from './errors'
import { lockItem, parseData, toAdminItem } from './items'
import { affectedPaths, invalidateAfterCommit, sectionOf, slugColumns, slugsOf } from './paths'
import { searchIndex } from './search'
import { toSearchEntries } from './search-entries'
import { warmRussianLemmas } from './russian-lemmas'
import { relinkTemplate } from './template-entries'

/** What publishing needs to hold before it may start: valid data, every required language, free slugs. */
async function checkPublishable(tx: TTx, item: ContentItem) {
  const data = parseData(item.kind, item.draft)
  const missing = missingTranslations(item.kind, item.region, data)
  if (missing.length) throw missingTranslationsError(missing)
  const slugs = slugColumns(data.seo.slug)
  const wanted = slugsOf(slugs)
  // Slugs live in three columns (one per language), so no unique index can hold them:
  // publishes of one kind in one region take turns (released at commit) instead.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`content-slugs:${item.region}:${item.kind}`}))`
  const taken = await tx.contentItem.findFirst({
    where: {
      id: { not: item.id },
      region: item.region,
      kind: item.kind,
      OR: wanted.flatMap((s) => [{ slugRu: s }, { slugKk: s }, { slugEn: s }]),
    },
    select: { id: true },
  })
  if (taken) throw contentConflict('slug_taken', 'Another published item already has this address.')
  return { data, slugs }
}

/** The item's title as the audit log names it: Russian, else Kazakh, else English. */
export function auditName(data: unknown): string | null {
  const title = (data as { title?: TLocalizedText } | null)?.title
  return title?.ru ?? title?.kk ?? title?.en ?? null
}

/**
 * Publishes the item's draft as its next numbered version, in one transaction with its
 * search entries. Exported for the scheduled path (publish-due.ts); callers hold no lock.
 */
export async function publishNow(tx: TTx, id: string, by: TContentActor, scheduled: boolean): Promise<{ item: ContentItem; paths: string[] }> {
  const item = await lockItem(tx, id)
  const before = slugsOf(item)
  const { data, slugs } = await checkPublishable(tx, item)
  const last = await tx.contentVersion.aggregate({ where: { itemId: id }, _max: { number: true } })
  const number = (last._max.number ?? 0) + 1
  const now = new Date()
  const json = data as Prisma.InputJsonValue
  await tx.contentVersion.create({ data: { itemId: id, number, data: json, publishedBy: by.userId, scheduled, publishedAt: now } })
  const updated = await tx.contentItem.update({
    where: { id },
    data: { published: json, draft: json, publishedVersion: number, publishedAt: now, ...slugs, publishAt: null, scheduledBy: null, draftChanged: false },
  })
  await audit(tx, {
    action: 'content.publish',
    ...auditMeta(by),
    entityId: id,
    diff: { name: auditName(data), version: number, ...(scheduled ? { scheduled: true } : {}) },
  })
  const section = item.kind === 'section' ? null : await sectionOf(tx, item)
  if (updated.kind === 'description' || updated.kind === 'article') {
    const sectionData = (section?.published ?? section?.draft) as TSectionData | undefined
    const source = {
      id,
      region: updated.region,
      updatedAt: now,
      section: section && sectionData ? { id: section.id, title: sectionData.title as TLocalizedText } : null,
    }
    await searchIndex.upsert(
      tx,
      toSearchEntries(
        updated.kind === 'description'
          ? { ...source, kind: 'description', data: data as TDescriptionData }
          : { ...source, kind: 'article', data: data as TArticleData },
      ),
    )
  }
  if (updated.kind === 'description') {
    // The template it fills is found at its description's page from now on (and one it no longer names, at the runner).
    const before = (item.published as TDescriptionData | null)?.templateId ?? null
    const now = (data as TDescriptionData).templateId
    if (before && before !== now) await relinkTemplate(tx, before, null)
    if (now) await relinkTemplate(tx, now, (data as TDescriptionData).seo.slug)
  }
  return { item: updated, paths: affectedPaths(item.kind, [...new Set([...before, ...slugsOf(updated)])], section) }
}

/**
 * Admin only (the route's guard). Without `publishAt`, or with a time already past, the
 * draft is published now; with a future time it is checked now (so the editor learns of
 * a missing translation today, not at midnight) and the worker publishes it then.
 */
export async function publishContentItem(actor: TContentActor, id: string, input: { publishAt?: string } = {}): Promise<TContentAdminItem> {
  const { publishAt } = ZPublishContentSchema.parse(input)
  const at = publishAt ? new Date(publishAt) : null
  if (at && at.getTime() > Date.now()) {
    const item = await useDb().$transaction(async (tx) => {
      const current = await lockItem(tx, id)
      const { data } = await checkPublishable(tx, current)
      await audit(tx, { action: 'content.schedule', ...auditMeta(actor), entityId: id, diff: { name: auditName(data), publishAt: at.toISOString() } })
      return tx.contentItem.update({ where: { id }, data: { publishAt: at, scheduledBy: actor.userId } })
    })
    return toAdminItem(item)
  }
  // The dictionary's first load must not happen inside the transaction (row locks held).
  await warmRussianLemmas()
  const { item, paths } = await useDb().$transaction((tx) => publishNow(tx, id, actor, false))
  await invalidateAfterCommit(paths)
  return toAdminItem(item)
}

/** Drops a pending schedule (admin only); the draft stays. Recorded only when there was one. */
export async function cancelScheduledPublish(actor: TContentActor, id: string): Promise<TContentAdminItem> {
  const item = await useDb().$transaction(async (tx) => {
    const current = await lockItem(tx, id)
    if (current.publishAt) {
      await audit(tx, {
        action: 'content.schedule_cancel',
        ...auditMeta(actor),
        entityId: id,
        diff: { name: auditName(current.draft), publishAt: current.publishAt.toISOString() },
      })
    }
    return tx.contentItem.update({ where: { id }, data: { publishAt: null, scheduledBy: null } })
  })
  return toAdminItem(item)
}
