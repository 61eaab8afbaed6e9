import type { Workspace, WorkspaceRole } from '../../generated/prisma/client'
import { publish } from '../../events'
import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import { isValidBin, isValidInn10, isValidOgrn } from '../../../shared/identity-numbers'
import { audit } from '../history'
import { auditMeta, type TActor } from './actor'
import { invalidWorkspaceField, workspaceConflict } from './errors'
import type { TCreateWorkspaceInput, TUpdateWorkspaceInput, TWorkspaceView } from '../../../shared/workspace'

export function toWorkspaceView(w: Workspace, role: WorkspaceRole): TWorkspaceView {
  return {
    id: w.id,
    kind: w.kind,
    name: w.name,
    bin: w.bin,
    inn: w.inn,
    ogrn: w.ogrn,
    ownerId: w.ownerId,
    createdAt: w.createdAt.toISOString(),
    role,
  }
}

/**
 * The user's personal space, created on first need (listing or resolving the current
 * workspace). The unique personal_of index decides races between two first requests.
 */
export async function ensurePersonalWorkspace(userId: string): Promise<Workspace> {
  const db = useDb()
  const existing = await db.workspace.findUnique({ where: { personalOf: userId } })
  if (existing) return existing
  try {
    return await db.workspace.create({
      data: {
        kind: 'personal',
        name: 'Personal',
        ownerId: userId,
        personalOf: userId,
        members: { create: { userId, role: 'owner' } },
      },
    })
  } catch (e) {
    if ((e as { code?: string }).code !== 'P2002') throw e
    return db.workspace.findUniqueOrThrow({ where: { personalOf: userId } })
  }
}

/** Region kz: a valid BIN. Region ru: a valid company INN (10 digits) and OGRN (13). */
function checkRequisites(input: TCreateWorkspaceInput): { bin: string | null; inn: string | null; ogrn: string | null } {
  if (useConfig().REGION === 'kz') {
    if (input.inn !== undefined) throw invalidWorkspaceField('inn', 'inn_not_in_region', 'INN is only asked in Russia.')
    if (input.ogrn !== undefined) throw invalidWorkspaceField('ogrn', 'ogrn_not_in_region', 'OGRN is only asked in Russia.')
    if (!input.bin) throw invalidWorkspaceField('bin', 'bin_required', 'Enter the company BIN.')
    if (!isValidBin(input.bin)) throw invalidWorkspaceField('bin', 'invalid_bin', 'This BIN is not valid: check the digits.')
    return { bin: input.bin, inn: null, ogrn: null }
  }
  if (input.bin !== undefined) throw invalidWorkspaceField('bin', 'bin_not_in_region', 'BIN is only asked in Kazakhstan.')
  if (!input.inn) throw invalidWorkspaceField('inn', 'inn_required', 'Enter the company INN.')
  if (!isValidInn10(input.inn)) throw invalidWorkspaceField('inn', 'invalid_inn', 'This INN is not valid: check the digits.')
  if (!input.ogrn) throw invalidWorkspaceField('ogrn', 'ogrn_required', 'Enter the company OGRN.')
  if (!isValidOgrn(input.ogrn)) throw invalidWorkspaceField('ogrn', 'invalid_ogrn', 'This OGRN is not valid: check the digits.')
  return { bin: null, inn: input.inn, ogrn: input.ogrn }
}

/** Workspace, its first owner, WorkspaceCreated and the audit entry: one transaction. */
export async function createCompanyWorkspace(actor: TActor, input: TCreateWorkspaceInput): Promise<TWorkspaceView> {
  const requisites = checkRequisites(input)
  const workspace = await useDb().$transaction(async (tx) => {
    const w = await tx.workspace.create({
      data: {
        kind: 'company',
        name: input.name,
        ...requisites,
        ownerId: actor.userId,
        members: { create: { userId: actor.userId, role: 'owner' } },
      },
    })
    const eventId = await publish(tx, 'WorkspaceCreated', {
      workspaceId: w.id,
      ownerId: actor.userId,
      name: w.name,
      bin: w.bin,
    })
    await audit(tx, {
      action: 'workspace.create',
      ...auditMeta(actor),
      workspaceId: w.id,
      entityId: w.id,
      eventId,
      diff: { name: w.name, ...requisites },
    })
    return w
  })
  return toWorkspaceView(workspace, 'owner')
}

/** Every workspace the user belongs to, the personal space first. */
export async function listMyWorkspaces(userId: string): Promise<TWorkspaceView[]> {
  await ensurePersonalWorkspace(userId)
  const rows = await useDb().workspaceMember.findMany({
    where: { userId },
    include: { workspace: true },
    orderBy: [{ workspace: { kind: 'asc' } }, { createdAt: 'asc' }],
  })
  return rows.map((m) => toWorkspaceView(m.workspace, m.role))
}

export async function updateWorkspace(
  actor: TActor,
  workspace: Workspace,
  role: WorkspaceRole,
  input: TUpdateWorkspaceInput,
): Promise<TWorkspaceView> {
  if (workspace.kind === 'personal' && input.name !== undefined) {
    throw workspaceConflict('personal_readonly', 'The personal space cannot be renamed.')
  }
  const updated = await useDb().$transaction(async (tx) => {
    const w = await tx.workspace.update({ where: { id: workspace.id }, data: input })
    await audit(tx, {
      action: 'workspace.update',
      ...auditMeta(actor),
      workspaceId: w.id,
      entityId: w.id,
      diff: { name: { from: workspace.name, to: w.name } },
    })
    return w
  })
  return toWorkspaceView(updated, role)
}
