import {
  CONTENT_LOCALES,
  pickText,
  type TArticleData,
  type TContentLocale,
  type TDescriptionData,
  type TLocalizedText,
} from '../../../shared/content'
import type { TSearchEntry } from './search/types'

/** A published description or article with what its search entries need from around it. */
export type TSearchSource = {
  id: string
  region: 'kz' | 'ru'
  updatedAt: Date
  /** The section the description sits in (directly or through a folder). */
  section: { id: string; title: TLocalizedText } | null
} & ({ kind: 'description'; data: TDescriptionData } | { kind: 'article'; data: TArticleData })

const own = (v: TLocalizedText | undefined, l: TContentLocale) => v?.[l]?.trim() ?? ''

/** The public path of an item in one language: its slug in that language, else its Russian one. */
export function publicPath(kind: 'description' | 'article', slug: TLocalizedText, locale: TContentLocale): string {
  const s = slug[locale] ?? slug.ru ?? slug.kk ?? slug.en ?? ''
  return `${kind === 'description' ? '/documents' : '/articles'}/${s}`
}

/**
 * One search entry per language the item has its own title in (a language it only has by
 * fallback is not indexed: a Kazakh query must not find Russian text posing as Kazakh).
 * Body is plain text: the article's blocks joined, or a description's purpose and audience.
 */
export function toSearchEntries(item: TSearchSource): TSearchEntry[] {
  const out: TSearchEntry[] = []
  for (const locale of CONTENT_LOCALES) {
    const title = own(item.data.title, locale)
    if (!title) continue
    const body =
      item.kind === 'description'
        ? [own(item.data.purpose, locale), own(item.data.audience, locale)].filter(Boolean).join('\n')
        : (item.data.body[locale] ?? []).map((b) => (b.type === 'list' ? b.items.join('\n') : b.text)).join('\n')
    out.push({
      ref: item.id,
      kind: item.kind,
      locale,
      region: item.region,
      path: publicPath(item.kind, item.data.seo.slug, locale),
      title,
      summary: own(item.data.summary, locale),
      body,
      sectionId: item.section?.id ?? null,
      sectionTitle: item.section ? pickText(item.section.title, locale).text || null : null,
      price: item.kind === 'description' ? item.data.price.kind : 'free',
      languages: item.kind === 'description' ? item.data.languages : [locale],
      tags: item.kind === 'article' ? item.data.tags : [],
      updatedAt: item.updatedAt,
    })
  }
  return out
}
