import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resetConfigForTests } from '../../server/lib/config'
import { deliverMessages } from '../helpers/deliveries'
import { LIMITS } from '../../server/domains/auth/limits'
import { activeUser, call, setupAuthTest, STRONG_PASSWORD, uniqueEmail, uniqueIp, type TAuthTestEnv } from '../helpers/auth'

/**
 * The account-security limits (issue 7 §3): sign-in lockout that a stranger cannot
 * turn against the owner, credentials ended by a reset, current-password checks and
 * registrations limited, and the password strength policy.
 */
let t: TAuthTestEnv
let base: string
beforeAll(async () => {
  t = await setupAuthTest('auth_limits')
  base = t.app.url
})
afterAll(async () => t?.teardown())

function deviceCookie(res: { headers: Headers }): string {
  const raw = res.headers.getSetCookie().find((c) => c.startsWith('d24_device='))
  if (!raw) throw new Error('no d24_device cookie was set')
  return raw.split(';')[0]!
}

const login = (email: string, password: string, opts: { ip?: string; cookie?: string } = {}) =>
  call(base, 'POST', '/api/auth/login', { body: { email, password }, ip: opts.ip ?? uniqueIp(), cookie: opts.cookie })

describe('sign-in lockout', () => {
  it('sets an HttpOnly signed device cookie; a forged one counts as no cookie', async () => {
    const u = await activeUser(base)
    const ok = await login(u.email, u.password)
    expect(ok.status).toBe(200)
    expect(ok.body.deviceId).toBeUndefined()
    const raw = ok.headers.getSetCookie().find((c) => c.startsWith('d24_device='))!
    expect(raw).toMatch(/HttpOnly/i)
    expect(raw).toMatch(/Path=\/api\/auth/)
    const [id] = deviceCookie(ok).slice('d24_device='.length).split('.')
    // Same id, made-up MAC: treated as a stranger, so the account-wide limit applies to it.
    const forged = `d24_device=${id}.${'A'.repeat(32)}`
    for (let i = 0; i < LIMITS.loginAccount.limit; i++) {
      expect((await login(u.email, 'Wrong-Guess-1', { cookie: forged })).status).toBe(401)
    }
    const refused = await login(u.email, u.password, { cookie: forged })
    expect(refused.status).toBe(429)
    // The genuine cookie still gets in.
    expect((await login(u.email, u.password, { cookie: deviceCookie(ok) })).status).toBe(200)
  })

  it('50 wrong passwords from 50 IPs do not lock the owner out of a device that signed in before', async () => {
    const u = await activeUser(base)
    const cookie = deviceCookie(await login(u.email, u.password))
    const answers: number[] = []
    for (let i = 0; i < 50; i++) answers.push((await login(u.email, `Guess-${i}-wrong`)).status)
    // The distributed guesser is stopped by the account-wide limit...
    expect(answers.slice(0, LIMITS.loginAccount.limit).every((s) => s === 401)).toBe(true)
    expect(answers.slice(LIMITS.loginAccount.limit).every((s) => s === 429)).toBe(true)
    // ...while the owner, from the device they used before, signs in with the right password.
    const owner = await login(u.email, u.password, { cookie })
    expect(owner.status).toBe(200)
    expect(owner.body.accessToken).toEqual(expect.any(String))
  })

  it('one client cannot guess without bound: 429 with Retry-After after 10 failures, per IP and per device', async () => {
    const u = await activeUser(base)
    const ip = uniqueIp()
    for (let i = 0; i < LIMITS.loginClient.limit; i++) expect((await login(u.email, `Nope-${i}-x`, { ip })).status).toBe(401)
    const blocked = await login(u.email, u.password, { ip })
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(blocked.body.error.messageKey).toBe('errors.rate_limited')

    // A device that signed in before is limited per device too (a stolen cookie is no free pass).
    const v = await activeUser(base)
    const cookie = deviceCookie(await login(v.email, v.password))
    for (let i = 0; i < LIMITS.loginClient.limit; i++) {
      expect((await login(v.email, `Nope-${i}-y`, { cookie })).status).toBe(401)
    }
    expect((await login(v.email, v.password, { cookie })).status).toBe(429)
  })

  it('the per-IP limit still bounds one IP across many accounts', async () => {
    const ip = uniqueIp()
    const statuses: number[] = []
    for (let i = 0; i < LIMITS.loginIp.limit + 1; i++) statuses.push((await login(uniqueEmail('nobody'), 'Whatever-1', { ip })).status)
    expect(statuses.at(-1)).toBe(429)
    expect(statuses.slice(0, LIMITS.loginIp.limit).every((s) => s === 401)).toBe(true)
  })

  it('the account-wide limit stops a distributed guesser, even with device cookies of its own accounts', async () => {
    const victim = await activeUser(base)
    const attacker = await activeUser(base)
    // The attacker's own device cookie is genuine, but it never signed in to the victim's account.
    const attackerCookie = deviceCookie(await login(attacker.email, attacker.password))
    for (let i = 0; i < LIMITS.loginAccount.limit; i++) {
      const r = await login(victim.email, `Guess-${i}-z`, { cookie: i < 5 ? attackerCookie : undefined })
      expect(r.status).toBe(401)
    }
    const next = await login(victim.email, victim.password, { cookie: attackerCookie })
    expect(next.status).toBe(429)
    expect((await login(victim.email, victim.password)).status).toBe(429)
    // A password reset proves the mailbox: the account-wide count is cleared.
    const f = await call(base, 'POST', '/api/auth/password/forgot', { body: { email: victim.email }, ip: uniqueIp() })
    // The worker's half stores the reset token (PasswordResetRequested → auth listener).
    await deliverMessages()
    const r = await call(base, 'POST', '/api/auth/password/reset', { body: { token: f.body.delivery.devToken, password: 'Fresh-Walrus-2041' }, ip: uniqueIp() })
    expect(r.status).toBe(200)
    expect((await login(victim.email, 'Fresh-Walrus-2041')).status).toBe(200)
  })

  it('counts an account once whether it is named by email or phone', async () => {
    const phone = `+7701${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`
    const reg = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, phone, password: STRONG_PASSWORD }, ip: uniqueIp() })
    expect(reg.status).toBe(201)
    await call(base, 'POST', '/api/auth/verify', { body: { phone, code: reg.body.verification.devToken }, ip: uniqueIp() })
    for (let i = 0; i < LIMITS.loginAccount.limit; i++) {
      const body = { phone, password: `Guess-${i}-p` }
      expect((await call(base, 'POST', '/api/auth/login', { body, ip: uniqueIp() })).status).toBe(401)
    }
    const r = await call(base, 'POST', '/api/auth/login', { body: { phone: phone.replace('+7', '+7 '), password: STRONG_PASSWORD }, ip: uniqueIp() })
    expect(r.status).toBe(429)
  })
})

describe('credentials after a reset or a change', () => {
  async function withApiToken() {
    const u = await activeUser(base)
    const created = await call(base, 'POST', '/api/auth/tokens', { token: u.accessToken, body: { name: 'CRM' } })
    expect(created.status).toBe(201)
    const apiToken: string = created.body.token
    expect((await call(base, 'GET', '/api/auth/user', { token: apiToken })).status).toBe(200)
    return { ...u, apiToken }
  }

  it('a password reset revokes every API token and every session', async () => {
    const u = await withApiToken()
    const f = await call(base, 'POST', '/api/auth/password/forgot', { body: { email: u.email }, ip: uniqueIp() })
    // The worker's half stores the reset token (PasswordResetRequested → auth listener).
    await deliverMessages()
    const r = await call(base, 'POST', '/api/auth/password/reset', { body: { token: f.body.delivery.devToken, password: 'Fresh-Walrus-2041' }, ip: uniqueIp() })
    expect(r.status).toBe(200)
    const byToken = await call(base, 'GET', '/api/auth/user', { token: u.apiToken })
    expect(byToken.status).toBe(401)
    expect(byToken.body.error.params.reason).toBe('api_token_revoked')
    expect((await call(base, 'GET', '/api/auth/user', { token: u.accessToken })).status).toBe(401)
  })

  it('a password change revokes API tokens by default, and keeps them when asked', async () => {
    const u = await withApiToken()
    const changed = await call(base, 'POST', '/api/auth/password/change', {
      token: u.accessToken,
      body: { currentPassword: u.password, newPassword: 'Fresh-Walrus-2041' },
    })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ ok: true, revokedApiTokens: 1 })
    expect((await call(base, 'GET', '/api/auth/user', { token: u.apiToken })).status).toBe(401)

    const v = await withApiToken()
    const kept = await call(base, 'POST', '/api/auth/password/change', {
      token: v.accessToken,
      body: { currentPassword: v.password, newPassword: 'Fresh-Walrus-2041', revokeApiTokens: false },
    })
    expect(kept.status).toBe(200)
    expect(kept.body.revokedApiTokens).toBe(0)
    expect((await call(base, 'GET', '/api/auth/user', { token: v.apiToken })).status).toBe(200)
  })
})

describe('current-password checks are limited', () => {
  it('password change: 429 with Retry-After after 10 wrong current passwords, even for the right one', async () => {
    const u = await activeUser(base)
    for (let i = 0; i < LIMITS.passwordCheckAccount.limit; i++) {
      const r = await call(base, 'POST', '/api/auth/password/change', {
        token: u.accessToken,
        body: { currentPassword: `Wrong-${i}-pw`, newPassword: 'Fresh-Walrus-2041' },
        ip: uniqueIp(),
      })
      expect(r.status).toBe(400)
    }
    const r = await call(base, 'POST', '/api/auth/password/change', {
      token: u.accessToken,
      body: { currentPassword: u.password, newPassword: 'Fresh-Walrus-2041' },
      ip: uniqueIp(),
    })
    expect(r.status).toBe(429)
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(r.body.error.messageKey).toBe('errors.rate_limited')
  })

  it('email change: the same per-account limit', async () => {
    const u = await activeUser(base)
    for (let i = 0; i < LIMITS.passwordCheckAccount.limit; i++) {
      const r = await call(base, 'POST', '/api/auth/email/change', {
        token: u.accessToken,
        body: { newEmail: uniqueEmail('new'), password: `Wrong-${i}-pw` },
        ip: uniqueIp(),
      })
      expect(r.status).toBe(400)
      expect(r.body.error.fields[0]).toMatchObject({ path: 'body.password', code: 'wrong_password' })
    }
    const r = await call(base, 'POST', '/api/auth/email/change', { token: u.accessToken, body: { newEmail: uniqueEmail('new'), password: u.password }, ip: uniqueIp() })
    expect(r.status).toBe(429)
    expect(r.headers.get('retry-after')).toBeTruthy()
  })

  it('per IP: one IP cannot spread its guesses over many accounts', async () => {
    const ip = uniqueIp()
    const users = [await activeUser(base), await activeUser(base), await activeUser(base), await activeUser(base)]
    const statuses: number[] = []
    for (let i = 0; i < LIMITS.passwordCheckIp.limit + 1; i++) {
      const u = users[i % users.length]!
      const r = await call(base, 'POST', '/api/auth/email/change', { token: u.accessToken, body: { newEmail: uniqueEmail('n'), password: `Wrong-${i}-pw` }, ip })
      statuses.push(r.status)
    }
    expect(statuses.slice(0, LIMITS.passwordCheckIp.limit).every((s) => s === 400)).toBe(true)
    expect(statuses.at(-1)).toBe(429)
  })
})

describe('registration per IP', () => {
  it('allows REGISTER_IP_LIMIT (default 5) registrations per IP in 15 minutes, then 429', async () => {
    const saved = process.env.REGISTER_IP_LIMIT
    delete process.env.REGISTER_IP_LIMIT
    resetConfigForTests()
    try {
      const ip = uniqueIp()
      for (let i = 0; i < 5; i++) {
        const r = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email: uniqueEmail('reg'), password: STRONG_PASSWORD }, ip })
        expect(r.status).toBe(201)
      }
      const sixth = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email: uniqueEmail('reg'), password: STRONG_PASSWORD }, ip })
      expect(sixth.status).toBe(429)
      expect(sixth.headers.get('retry-after')).toBeTruthy()
      // Another IP is not affected.
      expect((await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email: uniqueEmail('reg'), password: STRONG_PASSWORD }, ip: uniqueIp() })).status).toBe(201)
    } finally {
      process.env.REGISTER_IP_LIMIT = saved
      resetConfigForTests()
    }
  })
})

describe('password strength', () => {
  it.each(['password1', 'aaaaaaa1', 'qwerty123'])('register refuses %s with a translated field error on password', async (password) => {
    const r = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email: uniqueEmail('weak'), password }, ip: uniqueIp() })
    expect(r.status).toBe(400)
    expect(r.body.error.messageKey).toBe('errors.auth.weak_password')
    const codes = r.body.error.fields.filter((f: { path: string }) => f.path === 'body.password').map((f: { code: string }) => f.code)
    expect(codes).toContain('password_weak')
    // The estimator's own English never reaches the client: only our codes.
    expect(codes.every((c: string) => /^(pw_warn_|pw_hint_|password_weak$)/.test(c))).toBe(true)
  })

  it('register accepts a strong password (201)', async () => {
    const r = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email: uniqueEmail('strong'), password: 'Tulpan-Kapusta-47' }, ip: uniqueIp() })
    expect(r.status).toBe(201)
  })

  it('a password made of the person\'s own email is weak', async () => {
    const email = `zhanibek.tulegenov.${Date.now()}@example.kz`
    const r = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email, password: `zhanibektulegenov${Date.now() % 10}` }, ip: uniqueIp() })
    expect(r.status).toBe(400)
    expect(r.body.error.fields.map((f: { code: string }) => f.code)).toContain('pw_warn_userInputs')
  })

  it('reset and change refuse a weak new password', async () => {
    const u = await activeUser(base)
    const f = await call(base, 'POST', '/api/auth/password/forgot', { body: { email: u.email }, ip: uniqueIp() })
    // The worker's half stores the reset token (PasswordResetRequested → auth listener).
    await deliverMessages()
    const reset = await call(base, 'POST', '/api/auth/password/reset', { body: { token: f.body.delivery.devToken, password: 'password1' }, ip: uniqueIp() })
    expect(reset.status).toBe(400)
    expect(reset.body.error.fields.map((x: { path: string }) => x.path)).toContain('body.password')
    const change = await call(base, 'POST', '/api/auth/password/change', { token: u.accessToken, body: { currentPassword: u.password, newPassword: 'qwerty123' } })
    expect(change.status).toBe(400)
    expect(change.body.error.fields.map((x: { path: string }) => x.path)).toContain('body.newPassword')
  })
})
