import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import { enforceRateLimit } from '../../lib/rate-limit'
import { deliverSecret, type TDelivery } from './deliver'
import { LIMITS } from './limits'
import type { TRequestMeta } from './meta'
import { issueVerification } from './verification'

/**
 * Emails a single-use reset link (1 hour). The answer is the same for unknown
 * addresses, so the form cannot be used to probe who has an account.
 */
export async function forgotPassword(input: { email: string }, meta: TRequestMeta): Promise<{ ok: true; delivery?: TDelivery }> {
  await enforceRateLimit(LIMITS.forgotIp, meta.ip ?? 'unknown')
  await enforceRateLimit(LIMITS.forgotAccount, input.email)
  const db = useDb()
  const user = await db.user.findUnique({ where: { email: input.email } })
  if (!user || user.status === 'blocked') return { ok: true }
  const secret = await issueVerification(db, { userId: user.id, purpose: 'reset_password', target: input.email, kind: 'link' })
  const delivery = await deliverSecret('reset_password', user, secret)
  // In production the answer must not differ between known and unknown addresses.
  return useConfig().NODE_ENV === 'production' ? { ok: true } : { ok: true, delivery }
}
