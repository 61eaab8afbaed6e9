import type { TTx } from '../../lib/db'
import { CONTENT_LOCALES, pickText, type TContentLocale, type TDescriptionData, type TLocalizedText, type TSectionData } from '../../../shared/content'
import type { TEventPayload, TListenerMeta } from '../../events'
import { sectionOf } from './paths'
import { searchIndex } from './search'
import { publicPath } from './search-entries'
import type { TSearchEntry } from './search/types'

/**
 * Constructor templates in search. The document domain owns templates; it announces each
 * published version (TemplatePublished) and this listener indexes it from the payload alone:
 * content never reads document tables. A template's entry links to the published description
 * that names it (`templateId`), else straight to the runner (`/constructor?template=<id>`);
 * publishing or unpublishing such a description re-points the entry (relinkTemplate).
 */

export const runnerPath = (templateId: string) => `/constructor?template=${encodeURIComponent(templateId)}`

/** The published description of this region that fills the template, if any. */
async function describingItem(tx: TTx, region: 'kz' | 'ru', templateId: string) {
  return tx.contentItem.findFirst({
    where: { region, kind: 'description', publishedVersion: { not: null }, published: { path: ['templateId'], equals: templateId } },
    orderBy: { publishedAt: 'asc' },
  })
}

export async function indexTemplate(p: TEventPayload<'TemplatePublished'>, meta: TListenerMeta): Promise<void> {
  const tx = meta.tx
  // A workspace's template is its members' own: never in the public search.
  if (p.workspaceId !== null) return searchIndex.remove(tx, p.templateId)
  const description = await describingItem(tx, p.region, p.templateId)
  const data = description?.published as TDescriptionData | undefined
  const section = description ? await sectionOf(tx, description) : null
  const sectionTitle = section ? ((section.published ?? section.draft) as TSectionData).title : null
  const entries: TSearchEntry[] = []
  for (const locale of CONTENT_LOCALES) {
    const title = p.title[locale]?.trim()
    if (!title) continue
    entries.push({
      ref: p.templateId,
      kind: 'template',
      locale,
      region: p.region,
      path: data ? publicPath('description', data.seo.slug, locale) : runnerPath(p.templateId),
      title,
      summary: p.summary[locale]?.trim() ?? '',
      body: '',
      sectionId: section?.id ?? null,
      sectionTitle: sectionTitle ? pickText(sectionTitle, locale).text || null : null,
      price: p.priceMinor > 0 ? 'paid' : 'free',
      languages: p.languages,
      tags: [],
      updatedAt: new Date(p.publishedAt),
    })
  }
  await searchIndex.remove(tx, p.templateId)
  await searchIndex.upsert(tx, entries)
}

/**
 * Points a template's search entries at the description now published with it (`slug`), or
 * back at the runner when the description goes (`slug` null). Only paths change: the entry's
 * text is the template's, from its last TemplatePublished.
 */
export async function relinkTemplate(tx: TTx, templateId: string, slug: TLocalizedText | null): Promise<void> {
  for (const locale of CONTENT_LOCALES as readonly TContentLocale[]) {
    const path = slug ? publicPath('description', slug, locale) : runnerPath(templateId)
    await tx.$executeRawUnsafe(`UPDATE search_entries SET path = $1 WHERE ref = $2 AND kind = 'template' AND locale = $3`, path, templateId, locale)
  }
}
