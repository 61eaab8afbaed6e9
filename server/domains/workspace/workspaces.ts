import type { Workspace, WorkspaceRole } from '../../generated/prisma/client'
import { publish } from '../../events'
import { getUsersByIds } from '../auth'
import type { TDb } from '../../lib/db'
import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import { isValidBin, isValidInn10, isValidOgrn } from '../../../shared/identity-numbers'
import { audit } from '../history'
import { auditMeta, type TActor } from './actor'
import { invalidWorkspaceField, workspaceConflict, workspaceForbidden, workspaceNotFound } from './errors'
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
    companyVerification: w.companyVerification,
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

/**
 * The workspaces that already hold this company number, verified ones first. The advisory
 * lock (released at commit) serialises claims of one number, so of two simultaneous
 * first claims exactly one is verified.
 */
async function holdersOf(tx: TDb, number: { bin: string | null; inn: string | null }): Promise<Workspace[]> {
  const key = number.bin ? `bin:${number.bin}` : `inn:${number.inn}`
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`workspace-company:${key}`}))`
  return tx.workspace.findMany({
    where: { kind: 'company', ...(number.bin ? { bin: number.bin } : { inn: number.inn }) },
    orderBy: [{ companyVerification: 'asc' }, { createdAt: 'asc' }],
  })
}

/**
 * Workspace, its first owner, WorkspaceCreated and the audit entry: one transaction.
 * The first workspace to hold a BIN (INN in ru) is verified as its first claimant; a
 * later one is created unverified, and the admins of the verified holders are told
 * (WorkspaceCompanyClaimed → notification), since a BIN is public and anyone can type it.
 */
export async function createCompanyWorkspace(actor: TActor, input: TCreateWorkspaceInput): Promise<TWorkspaceView> {
  const requisites = checkRequisites(input)
  const workspace = await useDb().$transaction(async (tx) => {
    const holders = await holdersOf(tx, requisites)
    const claimed = holders.length > 0
    const w = await tx.workspace.create({
      data: {
        kind: 'company',
        name: input.name,
        ...requisites,
        ownerId: actor.userId,
        members: { create: { userId: actor.userId, role: 'owner' } },
        ...(claimed
          ? { companyVerification: 'unverified' as const }
          : { companyVerification: 'verified' as const, verifiedVia: 'first_claimant', verifiedAt: new Date(), verifiedBy: actor.userId }),
      },
    })
    const eventId = await publish(tx, 'WorkspaceCreated', {
      workspaceId: w.id,
      ownerId: actor.userId,
      name: w.name,
      bin: w.bin,
    })
    if (claimed) await publishClaim(tx, w, holders)
    await audit(tx, {
      action: 'workspace.create',
      ...auditMeta(actor),
      workspaceId: w.id,
      entityId: w.id,
      eventId,
      diff: { name: w.name, ...requisites, companyVerification: w.companyVerification },
    })
    return w
  })
  return toWorkspaceView(workspace, 'owner')
}

/** One WorkspaceCompanyClaimed per verified holder, addressed to its owners and admins (by email, in their language). */
async function publishClaim(tx: TDb, claimant: Workspace, holders: Workspace[]): Promise<void> {
  const verified = holders.filter((h) => h.companyVerification === 'verified')
  for (const holder of verified) {
    const admins = await tx.workspaceMember.findMany({
      where: { workspaceId: holder.id, role: { in: ['owner', 'admin'] } },
      select: { userId: true },
    })
    const users = await getUsersByIds(admins.map((a) => a.userId))
    const recipients = users
      .filter((u) => u.email && u.status !== 'blocked')
      .map((u) => ({ userId: u.id, email: u.email!, locale: u.locale }))
    await publish(tx, 'WorkspaceCompanyClaimed', {
      workspaceId: claimant.id,
      workspaceName: claimant.name,
      claimedBy: claimant.ownerId,
      number: { kind: claimant.bin ? 'bin' : 'inn', value: (claimant.bin ?? claimant.inn)! },
      holderWorkspaceId: holder.id,
      holderName: holder.name,
      recipients,
    })
  }
}

/**
 * What signing and billing must call before they act as a workspace's company: an
 * unverified company workspace is refused (403 company_unverified). A personal
 * workspace acts for its person and passes. Unknown ids are 404.
 */
export async function assertCompanyMayAct(workspaceId: string): Promise<void> {
  const w = await useDb().workspace.findUnique({
    where: { id: workspaceId },
    select: { kind: true, companyVerification: true, bin: true, inn: true },
  })
  if (!w) throw workspaceNotFound()
  if (w.kind === 'company' && w.companyVerification !== 'verified') {
    throw workspaceForbidden(
      'company_unverified',
      'This workspace is not verified as the company yet: another workspace already holds its number. Sign with a qualified certificate that carries it to verify.',
      { number: w.bin ?? w.inn },
    )
  }
}

/** A company workspace's BIN (kz) or INN (ru); null for a personal workspace or an unknown id. */
export async function companyTaxId(workspaceId: string): Promise<string | null> {
  const w = await useDb().workspace.findUnique({ where: { id: workspaceId }, select: { kind: true, bin: true, inn: true } })
  return w?.kind === 'company' ? (w.bin ?? w.inn) : null
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
