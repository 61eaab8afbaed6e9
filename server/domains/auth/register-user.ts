import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { enforceRateLimit } from '../../lib/rate-limit'
import { isValidIin, isValidInn } from '../../../shared/identity-numbers'
import { LEGAL_KINDS, LEGAL_VERSIONS } from '../../../shared/legal'
import { conflict, invalidField, uniqueViolation } from './auth-errors'
import { requestDelivery, type TDelivery } from './deliver'
import { registerIpRule } from './limits'
import type { TRequestMeta } from './meta'
import { assertPasswordRules, hashPassword } from './password'
import { toPublicUser, type TPublicUser } from './public-user'
import { issueVerification } from './verification'

export interface TRegisterInput {
  email?: string
  phone?: string
  password: string
  name?: string
  iin?: string
  inn?: string
  locale?: string
  /** The route's schema only lets `true` through; kept in the type so no caller forgets it. */
  acceptTerms: boolean
}

/** IIN only in region kz, INN only in ru, each with its checksum (also used by updateUser). */
export function checkIdentityNumbers(input: { iin?: string; inn?: string }): void {
  const region = useConfig().REGION
  if (input.iin !== undefined) {
    if (region !== 'kz') throw invalidField('body.iin', 'iin_not_in_region', 'IIN is only asked in Kazakhstan.')
    if (!isValidIin(input.iin)) throw invalidField('body.iin', 'invalid_iin', 'This IIN is not valid: check the digits.')
  }
  if (input.inn !== undefined) {
    if (region !== 'ru') throw invalidField('body.inn', 'inn_not_in_region', 'INN is only asked in Russia.')
    if (!isValidInn(input.inn)) throw invalidField('body.inn', 'invalid_inn', 'This INN is not valid: check the digits.')
  }
}

/**
 * Creates a pending account and its verification secret in one transaction; the
 * account becomes active in verifyAccount(). Email wins as the channel when both
 * email and phone are given.
 */
export async function registerUser(input: TRegisterInput, meta: TRequestMeta): Promise<{ user: TPublicUser; verification: TDelivery }> {
  if (!input.email && !input.phone) {
    throw new AppError('VALIDATION', 'Give an email or a phone number.', {
      messageKey: 'errors.auth.email_or_phone_required',
      fields: [{ path: 'body.email', message: 'email or phone required', code: 'email_or_phone_required' }],
    })
  }
  assertPasswordRules(input.password, 'body.password', [input.email, input.phone, input.name])
  if (input.acceptTerms !== true) {
    throw invalidField('body.acceptTerms', 'terms_required', 'Accept the terms and the privacy policy to register.')
  }
  checkIdentityNumbers(input)
  // Counted after the input checks, so a typo does not use up a person's attempts.
  await enforceRateLimit(registerIpRule(), meta.ip ?? 'unknown')
  const db = useDb()

  // Friendly 409 for the common case; the unique index below still decides races.
  const taken = await db.user.findFirst({
    where: { OR: [...(input.email ? [{ email: input.email }] : []), ...(input.phone ? [{ phone: input.phone }] : [])] },
    select: { email: true, phone: true },
  })
  if (taken) throw conflict(input.email && taken.email === input.email ? 'email' : 'phone')

  const passwordHash = await hashPassword(input.password)
  const kind = input.email ? 'verify_email' : 'verify_phone'
  let created
  try {
    created = await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: input.email ?? null,
          phone: input.phone ?? null,
          passwordHash,
          name: input.name ?? null,
          iin: input.iin ?? null,
          inn: input.inn ?? null,
          locale: input.locale ?? 'ru',
        },
      })
      // The consent is stored with the account it was given for, or not at all.
      await tx.userConsent.createMany({
        data: LEGAL_KINDS.map((kind) => ({ userId: user.id, kind, version: LEGAL_VERSIONS[kind], ip: meta.ip ?? null })),
      })
      const secret = await issueVerification(tx, {
        userId: user.id,
        purpose: kind,
        target: input.email ?? input.phone ?? null,
        kind: kind === 'verify_email' ? 'link' : 'code',
      })
      const verification = await requestDelivery(tx, kind, { userId: user.id, email: user.email, phone: user.phone, locale: user.locale }, secret)
      return { user, verification }
    })
  } catch (e) {
    const col = uniqueViolation(e)
    if (col !== null) throw conflict(col.includes('phone') ? 'phone' : 'email')
    throw e
  }
  return { user: toPublicUser(created.user), verification: created.verification }
}
