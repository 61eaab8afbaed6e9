import type { Prisma } from '../../generated/prisma/client'
import { useDb } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { audit } from '../history'
import { toPublicUser, type TPublicUser } from './public-user'
import type { TRequestMeta } from './meta'
import { announceSessions, revokeWhere } from './session-signals'
import type { TRole } from '../../../shared/auth'

const NO_META: TRequestMeta = { ip: null, userAgent: null }

export interface TListUsersQuery {
  q?: string
  status?: 'pending' | 'active' | 'blocked'
  role?: TRole
  page: number
  pageSize: number
}

/** Admin list: search by email, phone or name; filter by status and role; newest first. */
export async function listUsers(query: TListUsersQuery): Promise<{ items: TPublicUser[]; total: number; page: number; pageSize: number }> {
  const where: Prisma.UserWhereInput = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.role ? { roles: { has: query.role } } : {}),
    ...(query.q
      ? {
          OR: [
            { email: { contains: query.q, mode: 'insensitive' } },
            { phone: { contains: query.q.replace(/[\s\-()]/g, '') } },
            { name: { contains: query.q, mode: 'insensitive' } },
          ],
        }
      : {}),
  }
  const db = useDb()
  const [rows, total] = await Promise.all([
    db.user.findMany({ where, orderBy: { createdAt: 'desc' }, skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
    db.user.count({ where }),
  ])
  return { items: rows.map(toPublicUser), total, page: query.page, pageSize: query.pageSize }
}

async function findUser(id: string) {
  const user = await useDb().user.findUnique({ where: { id } })
  if (!user) throw AppError.notFound('User')
  return user
}

/**
 * Blocks a user: status and the revocation of every session commit together, and
 * guards read both on each request, so the user's tokens stop working at once.
 */
export async function blockUser(actorId: string, userId: string, meta: TRequestMeta = NO_META): Promise<TPublicUser> {
  if (actorId === userId) {
    throw new AppError('CONFLICT', 'You cannot block yourself.', { messageKey: 'errors.auth.cannot_block_self' })
  }
  await findUser(userId)
  const { user, ended } = await useDb().$transaction(async (tx) => {
    const u = await tx.user.update({ where: { id: userId }, data: { status: 'blocked' } })
    const ids = await revokeWhere(tx, userId, 'blocked')
    await audit(tx, { action: 'user.block', actorUserId: actorId, entityId: userId, ...meta, diff: { sessionsEnded: ids.length } })
    return { user: u, ended: ids }
  })
  announceSessions(userId, ended, 'blocked')
  return toPublicUser(user)
}

/** Unblocks to active if the account was ever activated, else back to pending. */
export async function unblockUser(userId: string, actorId: string | null = null, meta: TRequestMeta = NO_META): Promise<TPublicUser> {
  const before = await findUser(userId)
  if (before.status !== 'blocked') return toPublicUser(before)
  const user = await useDb().$transaction(async (tx) => {
    const u = await tx.user.update({ where: { id: userId }, data: { status: before.activatedAt ? 'active' : 'pending' } })
    await audit(tx, { action: 'user.unblock', actorUserId: actorId, entityId: userId, ...meta, diff: { status: { from: 'blocked', to: u.status } } })
    return u
  })
  return toPublicUser(user)
}

/** Replaces a user's roles; an admin cannot drop their own admin role (no lock-out). */
export async function setUserRoles(actorId: string, userId: string, roles: TRole[], meta: TRequestMeta = NO_META): Promise<TPublicUser> {
  const before = await findUser(userId)
  const unique = [...new Set<TRole>(roles.length ? roles : ['user'])]
  if (actorId === userId && !unique.includes('admin')) {
    throw new AppError('CONFLICT', 'You cannot remove your own admin role.', { messageKey: 'errors.auth.cannot_demote_self' })
  }
  if (before.roles.length === unique.length && unique.every((r) => before.roles.includes(r))) return toPublicUser(before)
  const user = await useDb().$transaction(async (tx) => {
    const u = await tx.user.update({ where: { id: userId }, data: { roles: unique } })
    await audit(tx, { action: 'user.roles_change', actorUserId: actorId, entityId: userId, ...meta, diff: { roles: { from: before.roles, to: unique } } })
    return u
  })
  return toPublicUser(user)
}
