import { useDb } from '../../lib/db'
import type { TAuthContext, TRequestMeta } from '../auth'
import { audit } from '../history'
import type { TRegistrySettings } from '../../../shared/registry'
import { REGISTRY_ROLES, registryMember } from './access'

export async function getRegistrySettings(auth: TAuthContext, meta: TRequestMeta, workspaceId: string): Promise<TRegistrySettings> {
  const ctx = await registryMember(auth, workspaceId, meta, REGISTRY_ROLES.read)
  const row = await useDb().registrySettings.findUnique({ where: { workspaceId: ctx.workspace.id } })
  return { prefix: row?.prefix ?? '' }
}

/** The workspace's number prefix (admins): new cards take it; numbers already given stay as printed. */
export async function updateRegistrySettings(auth: TAuthContext, meta: TRequestMeta, workspaceId: string, input: TRegistrySettings): Promise<TRegistrySettings> {
  const ctx = await registryMember(auth, workspaceId, meta, REGISTRY_ROLES.admin)
  return useDb().$transaction(async (tx) => {
    const row = await tx.registrySettings.upsert({ where: { workspaceId: ctx.workspace.id }, create: { workspaceId: ctx.workspace.id, prefix: input.prefix }, update: { prefix: input.prefix } })
    await audit(tx, { action: 'registry.settings', actorUserId: auth.user.id, workspaceId: ctx.workspace.id, entityId: ctx.workspace.id, ip: meta.ip, userAgent: meta.userAgent, diff: { prefix: row.prefix } })
    return { prefix: row.prefix }
  })
}
