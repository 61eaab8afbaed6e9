import type { WorkspaceInvite } from '../../generated/prisma/client'
import { publish } from '../../events'
import { findUserByContact, getUserById, type TAuthContext } from '../auth'
import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { enforceRateLimit, type TRateLimitRule } from '../../lib/rate-limit'
import { hashLinkToken, newLinkToken } from '../../lib/link-token'
import { seal } from '../../lib/seal'
import { audit } from '../history'
import { auditMeta, type TActor } from './actor'
import { workspaceConflict, workspaceForbidden } from './errors'
import type { TWorkspaceContext } from './access'
import type { TInvitePreview, TInviteView, TWorkspaceRole } from '../../../shared/workspace'
import { siteUrl } from '../../lib/site-url'

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000
const INVITE_PREVIEW_IP: TRateLimitRule = { name: 'invite-preview:ip', limit: 60, windowMs: 15 * 60_000 }

function statusOf(i: WorkspaceInvite, now = new Date()): TInviteView['status'] {
  if (i.acceptedAt) return 'accepted'
  if (i.revokedAt) return 'revoked'
  return i.expiresAt <= now ? 'expired' : 'pending'
}

export function toInviteView(i: WorkspaceInvite): TInviteView {
  return {
    id: i.id,
    email: i.email,
    phone: i.phone,
    role: i.role,
    status: statusOf(i),
    expiresAt: i.expiresAt.toISOString(),
    createdAt: i.createdAt.toISOString(),
  }
}

export interface TInviteInput {
  email?: string
  phone?: string
  role: TWorkspaceRole
}

export interface TInviteCreated {
  invite: TInviteView
  /** queued: the worker sends the link (WorkspaceInviteCreated → notification). */
  delivery: { channel: 'email' | 'phone'; queued: boolean; link: string; devToken?: string }
}

/** The accept page in the language the invitation is written in. */
function inviteLink(token: string, locale: string): string {
  return siteUrl(`/workspace/invites/${encodeURIComponent(token)}`, locale).toString()
}

/**
 * Creates an invitation (admins; an owner invitation only by an owner). The link goes
 * by email or SMS from the worker (WorkspaceInviteCreated, published with the row), in
 * the recipient's language: theirs when they have an account, else the inviter's.
 */
export async function createInvite(ctx: TWorkspaceContext, input: TInviteInput): Promise<TInviteCreated> {
  if (ctx.workspace.kind === 'personal') throw workspaceConflict('personal_no_members', 'The personal space has no other members.')
  if (input.role === 'owner' && ctx.membership.role !== 'owner') {
    throw workspaceForbidden('owner_required', 'Only an owner can invite another owner.')
  }
  const existing = await findUserByContact({ email: input.email, phone: input.phone })
  if (existing) {
    const member = await useDb().workspaceMember.findUnique({
      where: { workspaceId_userId: { workspaceId: ctx.workspace.id, userId: existing.id } },
    })
    if (member) throw workspaceConflict('already_member', 'This person is already a member of the workspace.')
  }
  const token = newLinkToken()
  const locale = existing?.locale ?? ctx.user.locale
  const link = inviteLink(token, locale)
  const invite = await useDb().$transaction(async (tx) => {
    const row = await tx.workspaceInvite.create({
      data: {
        workspaceId: ctx.workspace.id,
        email: input.email ?? null,
        phone: input.email ? null : (input.phone ?? null),
        role: input.role,
        tokenHash: hashLinkToken(token),
        invitedBy: ctx.user.id,
        expiresAt: new Date(Date.now() + INVITE_TTL_MS),
      },
    })
    await publish(tx, 'WorkspaceInviteCreated', {
      inviteId: row.id,
      workspaceId: ctx.workspace.id,
      workspaceName: ctx.workspace.name,
      role: row.role,
      invitedBy: ctx.user.id,
      channel: row.email ? 'email' : 'phone',
      to: (row.email ?? row.phone)!,
      locale,
      link: seal(link),
    })
    await audit(tx, {
      action: 'invite.create',
      ...auditMeta(ctx.actor),
      workspaceId: ctx.workspace.id,
      entityId: row.id,
      diff: { email: row.email, phone: row.phone, role: row.role },
    })
    return row
  })
  const devToken = useConfig().NODE_ENV === 'production' ? undefined : token
  return { invite: toInviteView(invite), delivery: { channel: invite.email ? 'email' : 'phone', queued: true, link, devToken } }
}

export async function listInvites(workspaceId: string): Promise<TInviteView[]> {
  const rows = await useDb().workspaceInvite.findMany({ where: { workspaceId }, orderBy: { createdAt: 'desc' } })
  return rows.map(toInviteView)
}

function inviteNotFound(): AppError {
  return AppError.notFound('Invitation', { messageKey: 'errors.workspace.invite_not_found' })
}

export async function revokeInvite(ctx: TWorkspaceContext, inviteId: string): Promise<TInviteView> {
  return useDb().$transaction(async (tx) => {
    const invite = await tx.workspaceInvite.findFirst({ where: { id: inviteId, workspaceId: ctx.workspace.id } })
    if (!invite) throw inviteNotFound()
    if (invite.acceptedAt) throw workspaceConflict('invite_used', 'This invitation was already accepted.')
    if (invite.revokedAt) return invite
    const row = await tx.workspaceInvite.update({ where: { id: invite.id }, data: { revokedAt: new Date() } })
    await audit(tx, {
      action: 'invite.revoke',
      ...auditMeta(ctx.actor),
      workspaceId: ctx.workspace.id,
      entityId: invite.id,
    })
    return row
  }).then(toInviteView)
}

/**
 * What the invitation link shows before anyone signs in: the workspace's name, the role
 * and who invited. Only for a pending invitation; anything else (unknown, used,
 * revoked, expired) is the same 404, so a token reveals nothing once it is dead.
 */
export async function previewInvite(token: string, ip: string | null): Promise<TInvitePreview> {
  // A token is 32 random bytes, but a guessing client should still meet a wall, as on the auth token routes.
  await enforceRateLimit(INVITE_PREVIEW_IP, ip ?? 'unknown')
  const invite = await useDb().workspaceInvite.findUnique({
    where: { tokenHash: hashLinkToken(token) },
    include: { workspace: { select: { name: true } } },
  })
  if (!invite || statusOf(invite) !== 'pending') throw inviteNotFound()
  const inviter = await getUserById(invite.invitedBy)
  return {
    workspaceName: invite.workspace.name,
    role: invite.role,
    inviter: inviter?.name || inviter?.email || inviter?.phone || '',
    expiresAt: invite.expiresAt.toISOString(),
  }
}

/**
 * The signed-in invitee accepts: their email or phone must be the invited one. The
 * invite is claimed with a conditional update, so two accepts of one token make one member.
 */
export async function acceptInvite(
  auth: TAuthContext,
  meta: Omit<TActor, 'userId'>,
  token: string,
): Promise<{ workspaceId: string; role: TWorkspaceRole }> {
  const db = useDb()
  const invite = await db.workspaceInvite.findUnique({ where: { tokenHash: hashLinkToken(token) } })
  if (!invite) throw inviteNotFound()
  const status = statusOf(invite)
  if (status !== 'pending') throw workspaceConflict(`invite_${status === 'accepted' ? 'used' : status}`, `This invitation is ${status}.`)
  const user = auth.user
  const matches = invite.email ? user.email === invite.email : user.phone === invite.phone
  if (!matches) throw workspaceForbidden('invite_contact_mismatch', 'This invitation was sent to another email or phone.')
  const actor: TActor = { userId: user.id, ...meta }
  await db.$transaction(async (tx) => {
    const claimed = await tx.workspaceInvite.updateMany({
      where: { id: invite.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date(), acceptedBy: user.id },
    })
    if (claimed.count === 0) throw workspaceConflict('invite_used', 'This invitation was already used.')
    const already = await tx.workspaceMember.findUnique({
      where: { workspaceId_userId: { workspaceId: invite.workspaceId, userId: user.id } },
    })
    if (already) throw workspaceConflict('already_member', 'You are already a member of this workspace.')
    await tx.workspaceMember.create({ data: { workspaceId: invite.workspaceId, userId: user.id, role: invite.role } })
    const eventId = await publish(tx, 'WorkspaceUserConfirm', {
      workspaceId: invite.workspaceId,
      userId: user.id,
      role: invite.role,
    })
    await audit(tx, {
      action: 'invite.accept',
      ...auditMeta(actor),
      workspaceId: invite.workspaceId,
      entityType: 'member',
      entityId: user.id,
      eventId,
      diff: { role: invite.role, inviteId: invite.id },
    })
  })
  return { workspaceId: invite.workspaceId, role: invite.role }
}
