import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import type { TArticleData, TDescriptionData, TLocalizedText, TPrice, TSectionData } from '../../../shared/content'
import { createContentItem, saveContentDraft } from './save-item'
import { publishNow } from './publish-item'
import { SEED_ARTICLES, SEED_SECTIONS, type TSeedDescription } from './seed-data'

/**
 * The demo catalog for `npm run db:seed` and the e2e app: created and published through
 * the domain's own use cases, so every item has a version 1 and search entries.
 * Idempotent: an item whose Russian slug is already there (as a draft or published) is
 * left as it is. kz gets Russian and Kazakh, ru Russian only with prices in roubles.
 * Nothing is cached yet when the seed runs, so no page cache is invalidated.
 * `templateIds` (description's Russian slug → template id, from the document domain's
 * seedDemoTemplates) links descriptions to their constructor templates: a new description
 * gets its id; one already there without a template gets it as its next version (once).
 */
export async function seedContent(actorUserId: string, opts: { templateIds?: Readonly<Record<string, string>> } = {}): Promise<{ created: number; existing: number; linked: number }> {
  const region = useConfig().REGION
  const kk = region === 'kz'
  const L = ([ru, k]: readonly [string, string]): TLocalizedText => (kk ? { ru, kk: k } : { ru })
  const slug = ([ru, k]: readonly [string, string]) => (kk ? { ru, kk: k } : { ru })
  const seo = (s: readonly [string, string], title: readonly [string, string], summary: readonly [string, string]) => ({
    slug: slug(s),
    title: L([`${title[0]} — образец`, `${title[1]} — үлгі`]),
    description: L(summary),
  })
  const price = (p: TSeedDescription['price']): TPrice =>
    p.kind !== 'paid' ? p : kk ? { kind: 'paid', amountMinor: p.tenge * 100, currency: 'KZT' } : { kind: 'paid', amountMinor: Math.round(p.tenge / 5) * 100, currency: 'RUB' }
  let created = 0
  let existing = 0
  let linked = 0

  const ensure = async (kind: 'section' | 'folder' | 'description' | 'article', ruSlug: string, parentId: string | null, position: number, data: object) => {
    const found = await useDb().contentItem.findFirst({ where: { region, kind, draft: { path: ['seo', 'slug', 'ru'], equals: ruSlug } }, select: { id: true } })
    if (found) {
      existing++
      return found.id
    }
    const item = await createContentItem({ userId: actorUserId }, { kind, parentId, position, data: data as Record<string, unknown> })
    await useDb().$transaction((tx) => publishNow(tx, item.id, { userId: actorUserId }, false))
    created++
    return item.id
  }

  const descriptionIds = new Map<string, string>()
  const addDescription = async (d: TSeedDescription, parentId: string, position: number) => {
    const data: TDescriptionData = {
      title: L(d.title),
      summary: L(d.summary),
      purpose: L(d.purpose),
      audience: L(d.audience),
      price: price(d.price),
      languages: kk ? d.languages : ['ru'],
      templateId: opts.templateIds?.[d.slug[0]] ?? null,
      seo: seo(d.slug, d.title, d.summary),
    }
    const before = created
    const id = await ensure('description', d.slug[0], parentId, position, data)
    descriptionIds.set(d.slug[0], id)
    if (created === before && data.templateId) await linkTemplate(id, data.templateId)
  }
  // An existing description gets the template only while it has none (an editor's choice stays).
  const linkTemplate = async (id: string, templateId: string) => {
    const item = await useDb().contentItem.findUniqueOrThrow({ where: { id }, select: { draft: true, published: true } })
    const draft = item.draft as TDescriptionData
    if (draft.templateId || (item.published as TDescriptionData | null)?.templateId) return
    await saveContentDraft({ userId: actorUserId }, id, { data: { ...draft, templateId } })
    await useDb().$transaction((tx) => publishNow(tx, id, { userId: actorUserId }, false))
    linked++
  }

  for (const [i, s] of SEED_SECTIONS.entries()) {
    const sectionData: TSectionData = { title: L(s.title), description: L(s.description), seo: seo(s.slug, s.title, s.description) }
    const sectionId = await ensure('section', s.slug[0], null, i, sectionData)
    for (const [j, f] of s.folders.entries()) {
      const folderData: TSectionData = { title: L(f.title), description: L(f.description), seo: seo(f.slug, f.title, f.description) }
      const folderId = await ensure('folder', f.slug[0], sectionId, j, folderData)
      for (const [k, d] of f.descriptions.entries()) await addDescription(d, folderId, k)
    }
    for (const [k, d] of s.descriptions.entries()) await addDescription(d, sectionId, 100 + k)
  }
  for (const [i, a] of SEED_ARTICLES.entries()) {
    const data: TArticleData = {
      title: L(a.title),
      summary: L(a.summary),
      body: kk ? a.body : { ru: a.body.ru },
      tags: a.tags,
      relatedDescriptionIds: a.related.map((s) => descriptionIds.get(s)).filter((id): id is string => !!id),
      seo: seo(a.slug, a.title, a.summary),
    }
    await ensure('article', a.slug[0], null, i, data)
  }
  return { created, existing, linked }
}
