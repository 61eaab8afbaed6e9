import type { User } from '../../generated/prisma/client'
import type { TRole } from '../../../shared/auth'
import type { TPublicUser } from '../../../shared/auth-views'

export type { TPublicUser }

/** What the API shows about a user (never the password hash). */
export function toPublicUser(u: User): TPublicUser {
  return {
    id: u.id,
    email: u.email,
    phone: u.phone,
    name: u.name,
    status: u.status,
    // Written only through ZRoleSchema-validated input (register default, setUserRoles).
    roles: u.roles as TRole[],
    iin: u.iin,
    inn: u.inn,
    locale: u.locale,
    createdAt: u.createdAt.toISOString(),
    activatedAt: u.activatedAt?.toISOString() ?? null,
  }
}
