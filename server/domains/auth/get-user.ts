import { useDb } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { toPublicUser, type TPublicUser } from './public-user'

/** The full public profile of a user (for GET /api/auth/user and other domains). */
export async function getUserById(id: string): Promise<TPublicUser> {
  const user = await useDb().user.findUnique({ where: { id } })
  if (!user) throw AppError.notFound('User')
  return toPublicUser(user)
}

/** Several users by id, for other domains that show names (members lists, authors). */
export async function getUsersByIds(ids: string[]): Promise<TPublicUser[]> {
  if (ids.length === 0) return []
  const rows = await useDb().user.findMany({ where: { id: { in: [...new Set(ids)] } } })
  return rows.map(toPublicUser)
}

/**
 * How each of these accounts is named to other people (name, else email, else phone),
 * for lists that keep only user ids (the audit log). Unknown ids are left out.
 */
export async function displayNames(ids: Array<string | null | undefined>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))]
  if (wanted.length === 0) return new Map()
  const rows = await useDb().user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, email: true, phone: true } })
  const names = new Map<string, string>()
  for (const u of rows) {
    const name = u.name?.trim() || u.email || u.phone
    if (name) names.set(u.id, name)
  }
  return names
}

/** Finds an account by email or phone (workspace invitations). */
export async function findUserByContact(contact: { email?: string; phone?: string }): Promise<TPublicUser | null> {
  if (!contact.email && !contact.phone) return null
  const user = await useDb().user.findUnique({ where: contact.email ? { email: contact.email } : { phone: contact.phone! } })
  return user ? toPublicUser(user) : null
}
