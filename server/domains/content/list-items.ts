import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import type { TContentAdminItem, TContentKind } from '../../../shared/content'
import { contentNotFound } from './errors'
import { toAdminItem } from './items'

/** The editor's list: every item of the region (drafts included), in tree order. */
export async function listContentItems(filter: { kind?: TContentKind; parentId?: string } = {}): Promise<{ items: TContentAdminItem[] }> {
  const rows = await useDb().contentItem.findMany({
    where: { region: useConfig().REGION, ...(filter.kind ? { kind: filter.kind } : {}), ...(filter.parentId ? { parentId: filter.parentId } : {}) },
    orderBy: [{ kind: 'asc' }, { position: 'asc' }, { createdAt: 'asc' }],
    take: 1000,
  })
  return { items: rows.map(toAdminItem) }
}

export async function getContentItem(id: string): Promise<TContentAdminItem> {
  const row = await useDb().contentItem.findUnique({ where: { id } })
  if (!row || row.region !== useConfig().REGION) throw contentNotFound()
  return toAdminItem(row)
}
