import { audit } from '../history'
import { useDb } from '../../lib/db'
import type { TUpdateUserInput } from '../../../shared/auth'
import { toPublicUser, type TPublicUser } from './public-user'
import { checkIdentityNumbers } from './register-user'
import type { TRequestMeta } from './meta'

type TField = 'name' | 'locale' | 'iin' | 'inn'
/** Identity numbers are personal data: the append-only log says they changed, never their value. */
const MASKED: ReadonlySet<TField> = new Set(['iin', 'inn'])

/**
 * The person edits their own name, language and IIN (kz) / INN (ru). Only the
 * fields that really change are written, with one `user.update` audit entry in
 * the same transaction; an edit that changes nothing writes nothing.
 */
export async function updateUser(userId: string, input: TUpdateUserInput, meta: TRequestMeta): Promise<{ user: TPublicUser }> {
  const blankToNull = (v: string | undefined) => (v === undefined ? undefined : v === '' ? null : v)
  const wanted = {
    name: blankToNull(input.name),
    locale: input.locale,
    iin: blankToNull(input.iin),
    inn: blankToNull(input.inn),
  }
  checkIdentityNumbers({ iin: wanted.iin ?? undefined, inn: wanted.inn ?? undefined })

  const user = await useDb().$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: userId } })
    const data: { name?: string | null; locale?: string; iin?: string | null; inn?: string | null } = {}
    const diff: Record<string, unknown> = {}
    for (const field of Object.keys(wanted) as TField[]) {
      const next = wanted[field]
      if (next === undefined || next === before[field]) continue
      Object.assign(data, { [field]: next })
      diff[field] = MASKED.has(field) ? { changed: true, set: next !== null } : { from: before[field], to: next }
    }
    if (Object.keys(data).length === 0) return before
    const after = await tx.user.update({ where: { id: userId }, data })
    await audit(tx, { action: 'user.update', actorUserId: userId, entityId: userId, ip: meta.ip, userAgent: meta.userAgent, diff })
    return after
  })
  return { user: toPublicUser(user) }
}
