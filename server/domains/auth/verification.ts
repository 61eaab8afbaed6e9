import type { TDb } from '../../lib/db'
import { useConfig } from '../../lib/config'
import type { VerificationPurpose, VerificationToken } from '../../generated/prisma/client'
import { unauthenticated } from './auth-errors'
import { keyedHash, randomCode, randomToken } from './tokens'

/**
 * Single-use secrets sent to a person: links (32 random bytes) for email, 6-digit
 * codes for SMS. Only a keyed hash is stored; a code's hash includes the user id,
 * so equal codes of two users never collide. Issuing a new one voids the old ones.
 */
export const TTL_MS: Record<VerificationPurpose, number> = {
  verify_email: 24 * 3600_000,
  verify_phone: 15 * 60_000,
  reset_password: 3600_000,
  change_email: 24 * 3600_000,
  change_phone: 15 * 60_000,
}
const MAX_CODE_ATTEMPTS = 5

export async function issueVerification(
  tx: TDb,
  input: { userId: string; purpose: VerificationPurpose; target: string | null; kind: 'link' | 'code'; raw?: string },
): Promise<string> {
  const secret = useConfig().AUTH_SECRET
  // `raw`: made earlier by the caller (a reset link made in the request, stored by the worker).
  const raw = input.raw ?? (input.kind === 'code' ? randomCode() : randomToken())
  const tokenHash = keyedHash(input.kind === 'code' ? `${input.userId}:${raw}` : raw, secret)
  await tx.verificationToken.deleteMany({ where: { userId: input.userId, purpose: input.purpose, usedAt: null } })
  await tx.verificationToken.create({
    data: {
      userId: input.userId,
      purpose: input.purpose,
      tokenHash,
      target: input.target,
      expiresAt: new Date(Date.now() + TTL_MS[input.purpose]),
    },
  })
  return raw
}

async function markUsed(tx: TDb, row: VerificationToken): Promise<VerificationToken> {
  // Conditional update: of two concurrent uses of one token, exactly one wins.
  const won = await tx.verificationToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } })
  if (won.count !== 1) throw unauthenticated('code_used', 'This link or code has already been used.')
  return row
}

function checkUsable(row: VerificationToken): void {
  if (row.usedAt) throw unauthenticated('code_used', 'This link or code has already been used.')
  if (row.expiresAt <= new Date()) throw unauthenticated('code_expired', 'This link or code has expired. Ask for a new one.')
}

/** Consumes a link token; returns the row (with its user id and target). */
export async function consumeLinkToken(tx: TDb, purpose: VerificationPurpose, raw: string): Promise<VerificationToken> {
  const row = await tx.verificationToken.findFirst({
    where: { purpose, tokenHash: keyedHash(raw, useConfig().AUTH_SECRET) },
  })
  if (!row) throw unauthenticated('code_invalid', 'This link is not valid.')
  checkUsable(row)
  return markUsed(tx, row)
}

/**
 * Consumes the user's latest code. Wrong guesses are counted on the row; after
 * MAX_CODE_ATTEMPTS the code is burnt, so 6 digits cannot be walked even slowly.
 * Runs on the root client (not in a caller's transaction) so the count survives the 401.
 */
export async function consumeCode(db: TDb, userId: string, purpose: VerificationPurpose, code: string): Promise<VerificationToken> {
  const row = await db.verificationToken.findFirst({
    where: { userId, purpose },
    orderBy: { createdAt: 'desc' },
  })
  if (!row) throw unauthenticated('code_invalid', 'The code is not valid.')
  checkUsable(row)
  const expected = keyedHash(`${userId}:${code}`, useConfig().AUTH_SECRET)
  if (expected !== row.tokenHash) {
    const attempts = row.attempts + 1
    await db.verificationToken.update({
      where: { id: row.id },
      data: { attempts, ...(attempts >= MAX_CODE_ATTEMPTS ? { usedAt: new Date() } : {}) },
    })
    throw unauthenticated('code_invalid', 'The code is not valid.')
  }
  return markUsed(db, row)
}
