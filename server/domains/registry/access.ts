import type { DocumentCard } from '../../generated/prisma/client'
import { isAppError } from '../../lib/errors'
import { useDb, type TTx } from '../../lib/db'
import type { TAuthContext, TRequestMeta } from '../auth'
import { workspaceAccess, type TWorkspaceContext, type TWorkspaceRole } from '../workspace'
import { registryNotFound } from './errors'

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Viewers read the register and export it, members add and edit cards, admins set the numbering and the workspace's dictionaries. */
export const REGISTRY_ROLES = { read: 'viewer', write: 'member', admin: 'admin' } as const satisfies Record<string, TWorkspaceRole>

/** The caller's membership; a non-member's refusal says the card (or the workspace) was not found. */
export async function registryMember(auth: TAuthContext, workspaceId: string, meta: TRequestMeta, minRole: TWorkspaceRole, what?: 'card'): Promise<TWorkspaceContext> {
  try {
    return await workspaceAccess(auth, workspaceId, meta, { minRole })
  } catch (e) {
    if (what && isAppError(e) && e.code === 'NOT_FOUND') throw registryNotFound(what)
    throw e
  }
}

/** The card, if the caller belongs to its workspace with `minRole`; else 404 (403 for a lower role). */
export async function openCard(auth: TAuthContext, cardId: string, meta: TRequestMeta, minRole: TWorkspaceRole, tx: TTx = useDb()): Promise<{ ctx: TWorkspaceContext; card: DocumentCard }> {
  if (!UUID.test(cardId)) throw registryNotFound('card')
  const card = await tx.documentCard.findUnique({ where: { id: cardId } })
  if (!card) throw registryNotFound('card')
  const ctx = await registryMember(auth, card.workspaceId, meta, minRole, 'card')
  return { ctx, card }
}
