import { publish } from '../../events'
import { useDb } from '../../lib/db'
import { enforceRateLimit } from '../../lib/rate-limit'
import { forbidden, unauthenticated } from './auth-errors'
import { LIMITS } from './limits'
import { toPublicUser, type TPublicUser } from './public-user'
import type { TRequestMeta } from './meta'
import { consumeCode, consumeLinkToken } from './verification'
import type { User } from '../../generated/prisma/client'
import type { TTx } from '../../lib/db'

export type TVerifyInput = { token: string } | { phone: string; code: string }

async function activate(tx: TTx, user: User): Promise<User> {
  if (user.status === 'blocked') throw forbidden('account_blocked', 'This account is blocked.')
  if (user.status === 'active') return user
  const active = await tx.user.update({ where: { id: user.id }, data: { status: 'active', activatedAt: new Date() } })
  // Same transaction as the status change: subscribers never hear of an activation that rolled back.
  await publish(tx, 'UserActivated', {
    userId: active.id,
    email: active.email,
    phone: active.phone,
    locale: active.locale,
  })
  return active
}

/**
 * Email link or SMS code → the account is active and UserActivated is in the outbox.
 * Limited per IP, and per phone for codes (on top of the per-code attempt count).
 */
export async function verifyAccount(input: TVerifyInput, meta: TRequestMeta): Promise<{ user: TPublicUser }> {
  await enforceRateLimit(LIMITS.verifyIp, meta.ip ?? 'unknown')
  const db = useDb()
  if ('token' in input) {
    const user = await db.$transaction(async (tx) => {
      const row = await consumeLinkToken(tx, 'verify_email', input.token)
      const u = await tx.user.findUniqueOrThrow({ where: { id: row.userId } })
      return activate(tx, u)
    })
    return { user: toPublicUser(user) }
  }
  await enforceRateLimit(LIMITS.verifyAccount, input.phone)
  const found = await db.user.findUnique({ where: { phone: input.phone } })
  if (!found) throw unauthenticated('code_invalid', 'The code is not valid.')
  // The code check counts attempts outside the activation transaction (a wrong guess must stick).
  const row = await consumeCode(db, found.id, 'verify_phone', input.code)
  const user = await db.$transaction(async (tx) => {
    const u = await tx.user.findUniqueOrThrow({ where: { id: row.userId } })
    return activate(tx, u)
  })
  return { user: toPublicUser(user) }
}
