import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import { enforceRateLimit } from '../../lib/rate-limit'
import { requestDelivery, type TDelivery } from './deliver'
import { LIMITS } from './limits'
import type { TRequestMeta } from './meta'
import { issueVerification } from './verification'

/**
 * Sends a fresh link/code to a pending account. Answers the same whether or not
 * the account exists, so it cannot be used to find out who is registered.
 */
export async function resendVerification(
  input: { email: string } | { phone: string },
  meta: TRequestMeta,
): Promise<{ ok: true; delivery?: TDelivery }> {
  await enforceRateLimit(LIMITS.verifyIp, meta.ip ?? 'unknown')
  const id = 'email' in input ? input.email : input.phone
  await enforceRateLimit(LIMITS.resendAccount, id)
  const db = useDb()
  const user = await db.user.findUnique({ where: 'email' in input ? { email: input.email } : { phone: input.phone } })
  if (!user || user.status !== 'pending') return { ok: true }
  const kind = 'email' in input ? 'verify_email' : 'verify_phone'
  const delivery = await db.$transaction(async (tx) => {
    const secret = await issueVerification(tx, { userId: user.id, purpose: kind, target: id, kind: kind === 'verify_email' ? 'link' : 'code' })
    return requestDelivery(tx, kind, { userId: user.id, email: user.email, phone: user.phone, locale: user.locale }, secret)
  })
  // In production the answer must not differ between known and unknown accounts.
  return useConfig().NODE_ENV === 'production' ? { ok: true } : { ok: true, delivery }
}
