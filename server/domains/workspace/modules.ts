import { publish } from '../../events'
import { useDb } from '../../lib/db'
import { audit } from '../history'
import { auditMeta } from './actor'
import type { TWorkspaceContext } from './access'
import { MODULES, type TModule, type TModuleView } from '../../../shared/workspace'

/** Every known module with its state in the workspace. */
export async function listModules(workspaceId: string): Promise<TModuleView[]> {
  const rows = await useDb().workspaceModule.findMany({ where: { workspaceId } })
  const on = new Map(rows.map((r) => [r.module, r]))
  return MODULES.map((module) => {
    const r = on.get(module)
    return { module, active: !!r, activatedAt: r?.activatedAt.toISOString() ?? null, activatedBy: r?.activatedBy ?? null }
  })
}

/** Idempotent: activating an active module changes nothing and publishes nothing. */
export async function activateModule(ctx: TWorkspaceContext, module: TModule): Promise<TModuleView> {
  const workspaceId = ctx.workspace.id
  const row = await useDb().$transaction(async (tx) => {
    const inserted = await tx.workspaceModule.createMany({
      data: [{ workspaceId, module, activatedBy: ctx.user.id }],
      skipDuplicates: true,
    })
    if (inserted.count > 0) {
      const eventId = await publish(tx, 'ModuleActivated', { workspaceId, module })
      await audit(tx, { action: 'module.activate', ...auditMeta(ctx.actor), workspaceId, entityId: module, eventId })
    }
    return tx.workspaceModule.findUniqueOrThrow({ where: { workspaceId_module: { workspaceId, module } } })
  })
  return { module, active: true, activatedAt: row.activatedAt.toISOString(), activatedBy: row.activatedBy }
}

export async function deactivateModule(ctx: TWorkspaceContext, module: TModule): Promise<TModuleView> {
  const workspaceId = ctx.workspace.id
  await useDb().$transaction(async (tx) => {
    const removed = await tx.workspaceModule.deleteMany({ where: { workspaceId, module } })
    if (removed.count > 0) {
      await audit(tx, { action: 'module.deactivate', ...auditMeta(ctx.actor), workspaceId, entityId: module })
    }
  })
  return { module, active: false, activatedAt: null, activatedBy: null }
}
