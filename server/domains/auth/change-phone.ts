import { audit } from '../history'
import { useDb } from '../../lib/db'
import { enforceRateLimit } from '../../lib/rate-limit'
import { conflict, uniqueViolation } from './auth-errors'
import { requestDelivery, type TDelivery } from './deliver'
import { LIMITS } from './limits'
import { toPublicUser, type TPublicUser } from './public-user'
import type { TRequestMeta } from './meta'
import { consumeCode, issueVerification } from './verification'

async function assertPhoneFree(phone: string, userId: string): Promise<void> {
  const owner = await useDb().user.findUnique({ where: { phone }, select: { id: true } })
  if (owner && owner.id !== userId) throw conflict('phone')
}

/**
 * Step 1: a 6-digit code goes by SMS to the NEW number (so the person proves they
 * hold it). Limited per account, since every request sends an SMS.
 */
export async function requestPhoneChange(
  userId: string,
  input: { phone: string },
  meta: TRequestMeta,
): Promise<{ ok: true; delivery: TDelivery }> {
  await enforceRateLimit(LIMITS.verifyIp, meta.ip ?? 'unknown')
  await enforceRateLimit(LIMITS.phoneChangeAccount, userId)
  await assertPhoneFree(input.phone, userId)
  const db = useDb()
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } })
  const delivery = await db.$transaction(async (tx) => {
    const code = await issueVerification(tx, { userId, purpose: 'change_phone', target: input.phone, kind: 'code' })
    return requestDelivery(tx, 'change_phone', { userId, phone: input.phone, locale: user.locale }, code)
  })
  return { ok: true, delivery }
}

/**
 * Step 2: the code switches the number. Wrong codes count on the code (5 tries)
 * and per account; a number taken meanwhile is 409 and the code stays unused.
 */
export async function confirmPhoneChange(userId: string, input: { code: string }, meta: TRequestMeta): Promise<{ user: TPublicUser }> {
  await enforceRateLimit(LIMITS.verifyIp, meta.ip ?? 'unknown')
  await enforceRateLimit(LIMITS.verifyAccount, `user:${userId}`)
  const db = useDb()
  const pending = await db.verificationToken.findFirst({
    where: { userId, purpose: 'change_phone', usedAt: null },
    orderBy: { createdAt: 'desc' },
    select: { target: true },
  })
  if (pending?.target) await assertPhoneFree(pending.target, userId)
  const row = await consumeCode(db, userId, 'change_phone', input.code)
  try {
    const user = await db.$transaction(async (tx) => {
      const before = await tx.user.findUniqueOrThrow({ where: { id: userId } })
      const after = await tx.user.update({ where: { id: userId }, data: { phone: row.target } })
      await audit(tx, {
        action: 'user.phone_change',
        actorUserId: userId,
        entityId: userId,
        ip: meta.ip,
        userAgent: meta.userAgent,
        diff: { phone: { from: before.phone, to: after.phone } },
      })
      return after
    })
    return { user: toPublicUser(user) }
  } catch (e) {
    if (uniqueViolation(e) !== null) throw conflict('phone')
    throw e
  }
}
