import { useDb } from '../../lib/db'
import { diffFields, missingTranslations, type TFieldChange, type TMissingTranslation } from '../../../shared/content'
import { contentNotFound } from './errors'

export async function listContentVersions(id: string) {
  const item = await useDb().contentItem.findUnique({ where: { id }, select: { id: true } })
  if (!item) throw contentNotFound()
  const rows = await useDb().contentVersion.findMany({ where: { itemId: id }, orderBy: { number: 'desc' } })
  return {
    versions: rows.map((v) => ({ number: v.number, publishedBy: v.publishedBy, publishedAt: v.publishedAt.toISOString(), scheduled: v.scheduled })),
  }
}

/** Field-level changes from version `from` to version `to` (or to the current draft). */
export async function diffContentVersions(id: string, from: number, to?: number): Promise<{ from: number; to: number | null; changes: TFieldChange[] }> {
  const db = useDb()
  const item = await db.contentItem.findUnique({ where: { id }, select: { draft: true } })
  if (!item) throw contentNotFound()
  const a = await db.contentVersion.findUnique({ where: { itemId_number: { itemId: id, number: from } } })
  const b = to === undefined ? { data: item.draft } : await db.contentVersion.findUnique({ where: { itemId_number: { itemId: id, number: to } } })
  if (!a || !b) throw contentNotFound()
  return { from, to: to ?? null, changes: diffFields(a.data, b.data) }
}

export async function contentMissingTranslations(id: string): Promise<{ missing: TMissingTranslation[] }> {
  const item = await useDb().contentItem.findUnique({ where: { id } })
  if (!item) throw contentNotFound()
  return { missing: missingTranslations(item.kind, item.region, item.draft) }
}
