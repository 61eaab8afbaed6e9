import { publish } from '../../events'
import { useDb } from '../../lib/db'
import { conflict, uniqueViolation } from './auth-errors'
import { requestDelivery, type TDelivery } from './deliver'
import { checkCurrentPassword } from './current-password'
import type { TRequestMeta } from './meta'
import { toPublicUser, type TPublicUser } from './public-user'
import { consumeLinkToken, issueVerification } from './verification'

/** Step 1: checks the password (rate-limited) and sends a confirmation link to the new address. */
export async function requestEmailChange(
  userId: string,
  input: { newEmail: string; password: string },
  meta: TRequestMeta,
): Promise<{ ok: true; delivery: TDelivery }> {
  const db = useDb()
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } })
  await checkCurrentPassword(user, input.password, meta, 'body.password')
  if (await db.user.findUnique({ where: { email: input.newEmail }, select: { id: true } })) throw conflict('email')
  const delivery = await db.$transaction(async (tx) => {
    const secret = await issueVerification(tx, { userId, purpose: 'change_email', target: input.newEmail, kind: 'link' })
    return requestDelivery(tx, 'change_email', { userId, email: input.newEmail, locale: user.locale }, secret)
  })
  return { ok: true, delivery }
}

/** Step 2: the link from the new mailbox switches the address and publishes UserEmailUpdated. */
export async function confirmEmailChange(input: { token: string }): Promise<{ user: TPublicUser }> {
  try {
    const user = await useDb().$transaction(async (tx) => {
      const row = await consumeLinkToken(tx, 'change_email', input.token)
      const before = await tx.user.findUniqueOrThrow({ where: { id: row.userId } })
      const after = await tx.user.update({ where: { id: row.userId }, data: { email: row.target } })
      await publish(tx, 'UserEmailUpdated', { userId: after.id, oldEmail: before.email, newEmail: row.target! })
      return after
    })
    return { user: toPublicUser(user) }
  } catch (e) {
    if (uniqueViolation(e) !== null) throw conflict('email')
    throw e
  }
}
