import type { ContentItem } from '../../generated/prisma/client'
import {
  CONTENT_DATA_SCHEMAS,
  missingTranslations,
  pickText,
  type TContentAdminItem,
  type TContentData,
  type TContentKind,
  type TLocalizedText,
} from '../../../shared/content'
import type { TDb } from '../../lib/db'
import { contentNotFound, invalidContent } from './errors'

/** A draft checked against its kind's schema; field errors point into `body.data`. */
export function parseData(kind: TContentKind, data: unknown): TContentData {
  const r = CONTENT_DATA_SCHEMAS[kind].safeParse(data)
  if (!r.success) {
    throw invalidContent(r.error.issues.map((i) => ({ path: ['body', 'data', ...i.path.map(String)].join('.'), message: i.message, code: i.code })))
  }
  return r.data
}

export function statusOf(item: Pick<ContentItem, 'published' | 'publishAt' | 'draftChanged'>): TContentAdminItem['status'] {
  if (item.publishAt) return 'scheduled'
  if (item.published == null) return 'draft'
  return item.draftChanged ? 'changed' : 'published'
}

export function toAdminItem(item: ContentItem): TContentAdminItem {
  const draft = item.draft as Record<string, unknown>
  return {
    id: item.id,
    kind: item.kind,
    region: item.region,
    parentId: item.parentId,
    position: item.position,
    status: statusOf(item),
    title: pickText(draft.title as TLocalizedText | undefined, 'ru').text,
    draft,
    publishedVersion: item.publishedVersion,
    publishedAt: item.publishedAt?.toISOString() ?? null,
    publishAt: item.publishAt?.toISOString() ?? null,
    updatedAt: item.updatedAt.toISOString(),
    missing: missingTranslations(item.kind, item.region, draft),
  }
}

/** The item, locked for the rest of the transaction (publish, schedule and save serialise on it). */
export async function lockItem(tx: TDb, id: string): Promise<ContentItem> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM content_items WHERE id = ${id}::uuid FOR UPDATE`
  if (rows.length === 0) throw contentNotFound()
  return tx.contentItem.findUniqueOrThrow({ where: { id } })
}
