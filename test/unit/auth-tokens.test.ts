import { describe, expect, it } from 'vitest'
import { hashPassword, passwordProblems, verifyPassword } from '../../server/domains/auth/password'
import {
  createApiTokenValue,
  createRefreshToken,
  decideRefresh,
  parseRefreshToken,
  sha256,
  signAccessToken,
  verifyAccessToken,
} from '../../server/domains/auth/tokens'

const SECRET = 'unit-test-secret-0123456789abcdef0123456789'
const SID = '2b1f9a56-8c1e-4a51-9d2b-0f4c2a7d9e11'

describe('access token (JWT HS256)', () => {
  const now = Date.UTC(2026, 0, 1)

  it('round-trips and expires', () => {
    const { token } = signAccessToken({ userId: 'u1', sessionId: SID }, SECRET, now, 60)
    const ok = verifyAccessToken(token, SECRET, now + 59_000)
    expect(ok).toMatchObject({ ok: true, value: { sub: 'u1', sid: SID } })
    expect(verifyAccessToken(token, SECRET, now + 60_000)).toEqual({ ok: false, reason: 'expired' })
  })

  it('refuses another secret, a changed payload and alg none', () => {
    const { token } = signAccessToken({ userId: 'u1', sessionId: SID }, SECRET, now)
    expect(verifyAccessToken(token, SECRET + 'x', now)).toEqual({ ok: false, reason: 'invalid' })
    const [h, , s] = token.split('.')
    const forged = Buffer.from(JSON.stringify({ sub: 'admin', sid: SID, iat: 0, exp: 9e9 })).toString('base64url')
    expect(verifyAccessToken(`${h}.${forged}.${s}`, SECRET, now)).toEqual({ ok: false, reason: 'invalid' })
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')
    expect(verifyAccessToken(`${none}.${forged}.`, SECRET, now)).toEqual({ ok: false, reason: 'invalid' })
  })
})

describe('refresh token rotation logic', () => {
  it('parses only tokens carrying our MAC', () => {
    const t = createRefreshToken({ sessionId: SID, generation: 3 }, SECRET)
    expect(parseRefreshToken(t, SECRET)).toEqual({ sessionId: SID, generation: 3 })
    expect(parseRefreshToken(t, SECRET + 'x')).toBeNull()
    // Bumping the generation without the secret breaks the MAC.
    expect(parseRefreshToken(t.replace(`.${3}.`, '.4.'), SECRET)).toBeNull()
    expect(parseRefreshToken('garbage', SECRET)).toBeNull()
  })

  it('rotates the current token, calls an older generation reuse', () => {
    const current = createRefreshToken({ sessionId: SID, generation: 2 }, SECRET)
    const session = { generation: 2, currentTokenHash: sha256(current), revokedAt: null, expiresAt: new Date(Date.now() + 60_000) }
    expect(decideRefresh(session, { generation: 2, hash: sha256(current) })).toBe('rotate')
    const old = createRefreshToken({ sessionId: SID, generation: 1 }, SECRET)
    expect(decideRefresh(session, { generation: 1, hash: sha256(old) })).toBe('reused')
    // Same generation, other value: a replayed sibling (e.g. a concurrent rotation's loser).
    const sibling = createRefreshToken({ sessionId: SID, generation: 2 }, SECRET)
    expect(decideRefresh(session, { generation: 2, hash: sha256(sibling) })).toBe('reused')
  })

  it('refuses revoked and expired families', () => {
    const t = createRefreshToken({ sessionId: SID, generation: 0 }, SECRET)
    const base = { generation: 0, currentTokenHash: sha256(t), revokedAt: null, expiresAt: new Date(Date.now() + 60_000) }
    expect(decideRefresh({ ...base, revokedAt: new Date() }, { generation: 0, hash: sha256(t) })).toBe('revoked')
    expect(decideRefresh({ ...base, expiresAt: new Date(Date.now() - 1) }, { generation: 0, hash: sha256(t) })).toBe('expired')
  })
})

describe('API token value', () => {
  it('has the d24_ prefix and a shown prefix that is a true prefix', () => {
    const { token, prefix } = createApiTokenValue()
    expect(token).toMatch(/^d24_[A-Za-z0-9_-]{40}$/)
    expect(token.startsWith(prefix)).toBe(true)
    expect(createApiTokenValue().token).not.toBe(token)
  })
})

describe('passwords', () => {
  it('enforces the rules', () => {
    expect(passwordProblems('Demo12345')).toEqual([])
    expect(passwordProblems('short1')).toContain('too_short')
    expect(passwordProblems('onlyletters')).toEqual(['no_digit'])
    expect(passwordProblems('1234567890')).toEqual(['no_letter'])
    expect(passwordProblems('пароль2024')).toEqual([])
  })

  it('hashes with scrypt, verifies, and never blocks the event loop', async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    const hash = await hashPassword('Demo12345')
    const [good, bad] = await Promise.all([verifyPassword('Demo12345', hash), verifyPassword('Demo12346', hash)])
    clearInterval(timer)
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/)
    expect(good).toBe(true)
    expect(bad).toBe(false)
    expect(await verifyPassword('Demo12345', 'not-a-hash')).toBe(false)
    // Three scrypt runs take tens of ms; timers kept firing meanwhile.
    expect(ticks).toBeGreaterThan(3)
  })
})
