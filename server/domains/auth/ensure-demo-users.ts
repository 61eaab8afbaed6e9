import { useDb } from '../../lib/db'
import { hashPassword } from './password'
import type { TRole } from '../../../shared/auth'

export const DEMO_PASSWORD = 'Demo12345'

export const DEMO_USERS: ReadonlyArray<{ email: string; name: string; roles: TRole[] }> = [
  { email: 'admin@dogovor24.kz', name: 'Demo Admin', roles: ['admin'] },
  { email: 'lawyer@dogovor24.kz', name: 'Demo Lawyer', roles: ['user', 'lawyer'] },
  { email: 'user@dogovor24.kz', name: 'Demo User', roles: ['user'] },
]

/**
 * Demo accounts for the seed, active, password `Demo12345`. Idempotent: existing
 * accounts keep their password and data; only missing ones are created. No
 * UserActivated is published (seeded accounts are not sign-ups).
 */
export async function ensureDemoUsers(): Promise<{ created: string[]; existing: string[] }> {
  const db = useDb()
  const created: string[] = []
  const existing: string[] = []
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  for (const demo of DEMO_USERS) {
    const r = await db.user.createMany({
      data: [{ email: demo.email, name: demo.name, roles: demo.roles, passwordHash, status: 'active', activatedAt: new Date() }],
      skipDuplicates: true,
    })
    ;(r.count === 1 ? created : existing).push(demo.email)
  }
  return { created, existing }
}
