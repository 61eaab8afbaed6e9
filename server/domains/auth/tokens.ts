import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'

/**
 * Token primitives, pure so unit tests can drive them with a chosen secret and clock.
 * - Access token: JWT HS256, short-lived; carries the session id so a revoked session
 *   or a blocked user is refused on the next request (guards check both in the DB).
 * - Refresh token: `rt1.<sessionId>.<generation>.<nonce>.<mac>`. The MAC (keyed by
 *   AUTH_SECRET) proves we issued it, so an *old* but genuine token of a family is told
 *   apart from garbage: the first is reuse (revoke the family), the second just a 401.
 * - Opaque secrets (email links, API tokens) are random and stored as keyed hashes.
 */
export const ACCESS_TTL_SECONDS = 15 * 60
export const REFRESH_TTL_MS = 30 * 24 * 3600 * 1000

function subKey(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`d24:${purpose}`).digest()
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url')
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export interface TAccessClaims {
  sub: string
  sid: string
  iat: number
  exp: number
}

const JWT_HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))

export function signAccessToken(
  input: { userId: string; sessionId: string },
  secret: string,
  nowMs = Date.now(),
  ttlSeconds = ACCESS_TTL_SECONDS,
): { token: string; expiresAt: Date } {
  const iat = Math.floor(nowMs / 1000)
  const claims: TAccessClaims = { sub: input.userId, sid: input.sessionId, iat, exp: iat + ttlSeconds }
  const body = `${JWT_HEADER}.${b64url(JSON.stringify(claims))}`
  const sig = createHmac('sha256', subKey(secret, 'access')).update(body).digest('base64url')
  return { token: `${body}.${sig}`, expiresAt: new Date(claims.exp * 1000) }
}

export type TTokenCheck<T> = { ok: true; value: T } | { ok: false; reason: 'invalid' | 'expired' }

export function verifyAccessToken(token: string, secret: string, nowMs = Date.now()): TTokenCheck<TAccessClaims> {
  const parts = token.split('.')
  // Only our exact header is accepted: no alg "none", no algorithm switching.
  if (parts.length !== 3 || parts[0] !== JWT_HEADER) return { ok: false, reason: 'invalid' }
  const expected = createHmac('sha256', subKey(secret, 'access')).update(`${parts[0]}.${parts[1]}`).digest('base64url')
  if (!safeEqual(parts[2]!, expected)) return { ok: false, reason: 'invalid' }
  let claims: TAccessClaims
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'))
  } catch {
    return { ok: false, reason: 'invalid' }
  }
  if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.exp !== 'number') {
    return { ok: false, reason: 'invalid' }
  }
  if (claims.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' }
  return { ok: true, value: claims }
}

export interface TRefreshParts {
  sessionId: string
  generation: number
}

export function createRefreshToken(parts: TRefreshParts, secret: string): string {
  const body = `rt1.${parts.sessionId}.${parts.generation}.${randomBytes(24).toString('base64url')}`
  const mac = createHmac('sha256', subKey(secret, 'refresh')).update(body).digest('base64url')
  return `${body}.${mac}`
}

/** A UUID as randomUUID writes it (lowercase): anything else names nothing of ours. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** null when the token is malformed or its MAC is wrong (never issued by us). */
export function parseRefreshToken(token: string, secret: string): TRefreshParts | null {
  const parts = token.split('.')
  if (parts.length !== 5 || parts[0] !== 'rt1') return null
  const [, sessionId, gen, , mac] = parts as [string, string, string, string, string]
  if (!UUID.test(sessionId) || !/^\d{1,9}$/.test(gen)) return null
  const expected = createHmac('sha256', subKey(secret, 'refresh')).update(parts.slice(0, 4).join('.')).digest('base64url')
  if (!safeEqual(mac, expected)) return null
  return { sessionId, generation: Number(gen) }
}

export type TRefreshDecision = 'rotate' | 'reused' | 'revoked' | 'expired'

/**
 * What to do with a genuine refresh token, given its session. Reuse = a token of an
 * earlier generation (or the same generation with another value, i.e. a replayed
 * sibling): someone holds a copy, so the whole family is revoked.
 */
export function decideRefresh(
  session: { generation: number; currentTokenHash: string; revokedAt: Date | null; expiresAt: Date },
  presented: { generation: number; hash: string },
  now = new Date(),
): TRefreshDecision {
  if (session.revokedAt) return 'revoked'
  if (presented.generation !== session.generation || !safeEqual(presented.hash, session.currentTokenHash)) return 'reused'
  if (session.expiresAt <= now) return 'expired'
  return 'rotate'
}

/** Plain SHA-256 is enough for high-entropy random tokens (nothing to brute force). */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url')
}

/** Keyed hash for short secrets (6-digit codes): useless without AUTH_SECRET. */
export function keyedHash(value: string, secret: string): string {
  return createHmac('sha256', subKey(secret, 'verification')).update(value).digest('base64url')
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

export function randomCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0')
}

export const API_TOKEN_PREFIX = 'd24_'

export function createApiTokenValue(): { token: string; prefix: string } {
  const token = `${API_TOKEN_PREFIX}${randomBytes(30).toString('base64url')}`
  return { token, prefix: token.slice(0, 12) }
}
