import type { ContentItem } from '../../generated/prisma/client'
import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import {
  pickText,
  type TArticleData,
  type TContentLocale,
  type TDescriptionData,
  type TPublicArticle,
  type TPublicDescription,
  type TPublicSection,
  type TSectionData,
} from '../../../shared/content'
import { contentNotFound } from './errors'

/**
 * What visitors read: published data only (the `published` copy, never the draft), in
 * one language. Fallback per field (pickText): the language asked, else Russian, else
 * Kazakh; the answer says `fallback: true` when any shown text came from another
 * language. The slug in a URL may be the item's slug in any of its languages: the page
 * /kk/documents/<ru-slug> shows the Kazakh text, so hreflang alternates of one path work.
 */
type TRow = ContentItem

const bySlug = (slug: string) => ({ OR: [{ slugRu: slug }, { slugKk: slug }, { slugEn: slug }] })
const slugIn = (row: TRow, locale: TContentLocale) =>
  (locale === 'kk' ? row.slugKk : locale === 'en' ? row.slugEn : row.slugRu) ?? row.slugRu ?? row.slugKk ?? row.slugEn ?? ''
const order = (a: TRow, b: TRow) => a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime()

function card(row: TRow, locale: TContentLocale) {
  const d = row.published as TDescriptionData
  return {
    id: row.id,
    slug: slugIn(row, locale),
    title: pickText(d.title, locale).text,
    summary: pickText(d.summary, locale).text,
    price: d.price,
    languages: d.languages,
  }
}

function sectionView(section: TRow, rows: TRow[], locale: TContentLocale): TPublicSection {
  const s = section.published as TSectionData
  const childrenOf = (id: string, kind: TRow['kind']) => rows.filter((r) => r.parentId === id && r.kind === kind).sort(order)
  return {
    id: section.id,
    slug: slugIn(section, locale),
    title: pickText(s.title, locale).text,
    description: pickText(s.description, locale).text,
    seoTitle: pickText(s.seo.title, locale).text,
    seoDescription: pickText(s.seo.description, locale).text,
    folders: childrenOf(section.id, 'folder').map((f) => {
      const fd = f.published as TSectionData
      return {
        id: f.id,
        slug: slugIn(f, locale),
        title: pickText(fd.title, locale).text,
        description: pickText(fd.description, locale).text,
        descriptions: childrenOf(f.id, 'description').map((d) => card(d, locale)),
      }
    }),
    descriptions: childrenOf(section.id, 'description').map((d) => card(d, locale)),
  }
}

function publishedTree() {
  return useDb().contentItem.findMany({
    where: { region: useConfig().REGION, kind: { in: ['section', 'folder', 'description'] }, publishedVersion: { not: null } },
  })
}

/** Sections → folders → descriptions; a folder or description whose parent is unpublished is not shown. */
export async function readCatalog(locale: TContentLocale): Promise<{ sections: TPublicSection[] }> {
  const rows = await publishedTree()
  return { sections: rows.filter((r) => r.kind === 'section').sort(order).map((s) => sectionView(s, rows, locale)) }
}

export async function readSection(slug: string, locale: TContentLocale): Promise<TPublicSection> {
  const rows = await publishedTree()
  const section = rows.find((r) => r.kind === 'section' && [r.slugRu, r.slugKk, r.slugEn].includes(slug))
  if (!section) throw contentNotFound()
  return sectionView(section, rows, locale)
}

export async function readDescription(slug: string, locale: TContentLocale): Promise<TPublicDescription> {
  const db = useDb()
  const row = await db.contentItem.findFirst({ where: { region: useConfig().REGION, kind: 'description', publishedVersion: { not: null }, ...bySlug(slug) } })
  if (!row) throw contentNotFound()
  // Shown only where the catalog shows it: under a published parent chain.
  const parent = row.parentId ? await db.contentItem.findUnique({ where: { id: row.parentId } }) : null
  const section = parent?.kind === 'folder' && parent.parentId ? await db.contentItem.findUnique({ where: { id: parent.parentId } }) : parent
  if (!parent?.publishedVersion || !section?.publishedVersion) throw contentNotFound()
  const d = row.published as TDescriptionData
  const texts = [d.title, d.summary, d.purpose, d.audience].map((v) => pickText(v, locale))
  return {
    ...card(row, locale),
    purpose: texts[2]!.text,
    audience: texts[3]!.text,
    templateId: d.templateId,
    seoTitle: pickText(d.seo.title, locale).text,
    seoDescription: pickText(d.seo.description, locale).text,
    section: { slug: slugIn(section, locale), title: pickText((section.published as TSectionData).title, locale).text },
    fallback: texts.some((t) => t.fallback),
    updatedAt: (row.publishedAt ?? row.updatedAt).toISOString(),
  }
}

export async function readArticles(locale: TContentLocale) {
  const rows = await useDb().contentItem.findMany({
    where: { region: useConfig().REGION, kind: 'article', publishedVersion: { not: null } },
    orderBy: [{ publishedAt: 'desc' }],
    take: 200,
  })
  return { articles: rows.map((r) => articleCard(r, locale)) }
}

function articleCard(row: TRow, locale: TContentLocale) {
  const a = row.published as TArticleData
  return {
    id: row.id,
    slug: slugIn(row, locale),
    title: pickText(a.title, locale).text,
    summary: pickText(a.summary, locale).text,
    tags: a.tags,
    publishedAt: (row.publishedAt ?? row.updatedAt).toISOString(),
  }
}

export async function readArticle(slug: string, locale: TContentLocale): Promise<TPublicArticle> {
  const db = useDb()
  const row = await db.contentItem.findFirst({ where: { region: useConfig().REGION, kind: 'article', publishedVersion: { not: null }, ...bySlug(slug) } })
  if (!row) throw contentNotFound()
  const a = row.published as TArticleData
  const ownBody = a.body[locale]
  const body = ownBody?.length ? ownBody : (a.body.ru ?? a.body.kk ?? a.body.en ?? [])
  const related = a.relatedDescriptionIds.length
    ? await db.contentItem.findMany({ where: { id: { in: a.relatedDescriptionIds }, kind: 'description', publishedVersion: { not: null } } })
    : []
  return {
    ...articleCard(row, locale),
    body,
    seoTitle: pickText(a.seo.title, locale).text,
    seoDescription: pickText(a.seo.description, locale).text,
    related: related.map((r) => card(r, locale)),
    fallback: !ownBody?.length || pickText(a.title, locale).fallback,
  }
}
