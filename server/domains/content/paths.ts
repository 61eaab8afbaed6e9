import type { ContentItem } from '../../generated/prisma/client'
import type { TLocalizedText } from '../../../shared/content'
import type { TDb } from '../../lib/db'
import { invalidatePublicPages } from '../../lib/page-cache'
import { useLogger } from '../../lib/log'

const log = useLogger('content')

type TSlugs = Pick<ContentItem, 'slugRu' | 'slugKk' | 'slugEn'>
export const slugsOf = (i: TSlugs) => [i.slugRu, i.slugKk, i.slugEn].filter((s): s is string => !!s)

export function slugColumns(slug: TLocalizedText): TSlugs {
  return { slugRu: slug.ru ?? null, slugKk: slug.kk ?? null, slugEn: slug.en ?? null }
}

/** The section an item sits in (itself for a section), walking up at most two levels. */
export async function sectionOf(tx: TDb, item: Pick<ContentItem, 'id' | 'kind' | 'parentId'>): Promise<ContentItem | null> {
  let at: Pick<ContentItem, 'id' | 'kind' | 'parentId'> | null = item
  for (let i = 0; i < 3 && at; i++) {
    const row: ContentItem | null = await tx.contentItem.findUnique({ where: { id: at.id } })
    if (!row) return null
    if (row.kind === 'section') return row
    at = row.parentId ? { id: row.parentId, kind: 'folder', parentId: null } : null
  }
  return null
}

/**
 * The public pages that show an item, before and after a change (both slugs: a renamed
 * page's old address must not keep serving the old text): the catalog and article lists,
 * the item's own page, and for descriptions and folders their section's page.
 */
export function affectedPaths(kind: ContentItem['kind'], slugs: string[], section: TSlugs | null): string[] {
  const out = new Set<string>(['/', '/catalog', '/articles'])
  const base = kind === 'section' ? '/catalog' : kind === 'description' ? '/documents' : kind === 'article' ? '/articles' : null
  if (base) for (const s of slugs) out.add(`${base}/${s}`)
  if (section) for (const s of slugsOf(section)) out.add(`/catalog/${s}`)
  return [...out]
}

/** After the commit: a failed invalidation must not undo a publish (the cache's TTL bounds the staleness). */
export async function invalidateAfterCommit(paths: string[]): Promise<void> {
  try {
    await invalidatePublicPages(paths)
  } catch (e) {
    log.warn('page cache invalidation failed; pages refresh after their TTL', { err: (e as Error).message })
  }
}
