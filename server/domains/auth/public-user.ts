import type { User } from '../../generated/prisma/client'

/** What the API shows about a user (never the password hash). */
export interface TPublicUser {
  id: string
  email: string | null
  phone: string | null
  name: string | null
  status: 'pending' | 'active' | 'blocked'
  roles: string[]
  iin: string | null
  inn: string | null
  locale: string
  createdAt: string
  activatedAt: string | null
}

export function toPublicUser(u: User): TPublicUser {
  return {
    id: u.id,
    email: u.email,
    phone: u.phone,
    name: u.name,
    status: u.status,
    roles: u.roles,
    iin: u.iin,
    inn: u.inn,
    locale: u.locale,
    createdAt: u.createdAt.toISOString(),
    activatedAt: u.activatedAt?.toISOString() ?? null,
  }
}
