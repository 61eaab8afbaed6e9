import type { Prisma } from '../../generated/prisma/client'
import { useDb } from '../../lib/db'
import type { TAuthContext, TRequestMeta } from '../auth'
import type { TCardFilter, TCardList, TCardListQuery } from '../../../shared/registry'
import { REGISTRY_ROLES, registryMember } from './access'
import { toCardView } from './views'

const asDate = (d: string) => new Date(`${d}T00:00:00Z`)

/** The filter as a query on the workspace's cards (the caller's membership checked before). */
export function cardWhere(workspaceId: string, f: TCardFilter): Prisma.DocumentCardWhereInput {
  const where: Prisma.DocumentCardWhereInput = { workspaceId }
  if (f.status) where.status = f.status
  if (f.typeCode) where.typeCode = f.typeCode
  if (f.fileId) where.fileId = f.fileId
  if (f.from || f.to) where.date = { ...(f.from ? { gte: asDate(f.from) } : {}), ...(f.to ? { lte: asDate(f.to) } : {}) }
  if (f.q) {
    const contains = { contains: f.q, mode: 'insensitive' as const }
    where.OR = [{ number: contains }, { title: contains }, { parties: { some: { OR: [{ name: contains }, { taxId: { contains: f.q } }] } } }]
  }
  return where
}

export function cardOrder(sort: TCardFilter['sort']): Prisma.DocumentCardOrderByWithRelationInput[] {
  switch (sort) {
    case 'date_asc':
      return [{ date: 'asc' }, { year: 'asc' }, { seq: 'asc' }]
    case 'number_desc':
      return [{ year: 'desc' }, { seq: 'desc' }]
    case 'number_asc':
      return [{ year: 'asc' }, { seq: 'asc' }]
    case 'amount_desc':
      return [{ amountMinor: { sort: 'desc', nulls: 'last' } }, { year: 'desc' }, { seq: 'desc' }]
    default:
      return [{ date: 'desc' }, { year: 'desc' }, { seq: 'desc' }]
  }
}

/** A page of the workspace's register, filtered and sorted, with the total (viewers and up). */
export async function listCards(auth: TAuthContext, meta: TRequestMeta, query: TCardListQuery): Promise<TCardList> {
  const ctx = await registryMember(auth, query.workspaceId, meta, REGISTRY_ROLES.read)
  const where = cardWhere(ctx.workspace.id, query)
  const db = useDb()
  const [total, rows] = await Promise.all([
    db.documentCard.count({ where }),
    db.documentCard.findMany({ where, orderBy: cardOrder(query.sort), skip: (query.page - 1) * query.perPage, take: query.perPage, include: { parties: true } }),
  ])
  return { items: rows.map(toCardView), total, page: query.page, perPage: query.perPage }
}
