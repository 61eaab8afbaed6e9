import { publish } from '../../events'
import { useConfig } from '../../lib/config'
import { useDb, type TTx } from '../../lib/db'
import { enforceRateLimit } from '../../lib/rate-limit'
import { seal } from '../../lib/seal'
import { linkFor, requestDelivery, type TDelivery } from './deliver'
import { LIMITS } from './limits'
import type { TRequestMeta } from './meta'
import { randomToken } from './tokens'
import { issueVerification } from './verification'

/**
 * Asks for a single-use reset link (1 hour). The request does the same work for every
 * address (a token, one outbox row), so neither its answer nor its timing tells
 * whether the address has an account; the worker looks the account up
 * (issueResetLink) and, if there is one, stores the token and sends the link.
 * Outside production the answer carries the token and link (useless for an unknown address).
 */
export async function forgotPassword(input: { email: string }, meta: TRequestMeta): Promise<{ ok: true; delivery?: TDelivery }> {
  await enforceRateLimit(LIMITS.forgotIp, meta.ip ?? 'unknown')
  await enforceRateLimit(LIMITS.forgotAccount, input.email)
  const token = randomToken()
  await publish(useDb(), 'PasswordResetRequested', { email: input.email, token: seal(token) })
  if (useConfig().NODE_ENV === 'production') return { ok: true }
  return { ok: true, delivery: { channel: 'email', queued: true, devToken: token, link: linkFor('reset_password', token) } }
}

/** The worker's half (listener of PasswordResetRequested): nothing for unknown or blocked accounts. */
export async function issueResetLink(tx: TTx, input: { email: string; token: string }): Promise<void> {
  const user = await tx.user.findUnique({ where: { email: input.email } })
  if (!user || user.status === 'blocked') return
  await issueVerification(tx, { userId: user.id, purpose: 'reset_password', target: input.email, kind: 'link', raw: input.token })
  await requestDelivery(tx, 'reset_password', { userId: user.id, email: user.email, phone: user.phone, locale: user.locale }, input.token)
}
