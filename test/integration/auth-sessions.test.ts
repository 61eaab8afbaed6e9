import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activeUser, call, setupAuthTest, uniqueEmail, uniqueIp, useDb, type TAuthTestEnv } from '../helpers/auth'
import { deliverMessages } from '../helpers/deliveries'

let t: TAuthTestEnv
let base: string
beforeAll(async () => {
  t = await setupAuthTest('auth_sess')
  base = t.app.url
})
afterAll(async () => t?.teardown())

describe('refresh', () => {
  it('rotates the refresh token; reusing an old one revokes the whole family', async () => {
    const u = await activeUser(base)
    const r1 = await call(base, 'POST', '/api/auth/refresh', { body: { refreshToken: u.refreshToken } })
    expect(r1.status).toBe(200)
    expect(r1.body.refreshToken).not.toBe(u.refreshToken)
    expect(r1.body.sessionId).toBe(u.sessionId)
    const r2 = await call(base, 'POST', '/api/auth/refresh', { body: { refreshToken: r1.body.refreshToken } })
    expect(r2.status).toBe(200)
    expect((await call(base, 'GET', '/api/auth/user', { token: r2.body.accessToken })).status).toBe(200)

    // The first token again: someone kept a copy.
    const reuse = await call(base, 'POST', '/api/auth/refresh', { body: { refreshToken: u.refreshToken } })
    expect(reuse.status).toBe(401)
    expect(reuse.body.error.params.reason).toBe('refresh_token_reused')
    // The family is gone: the newest refresh token and the access tokens stop too.
    const latest = await call(base, 'POST', '/api/auth/refresh', { body: { refreshToken: r2.body.refreshToken } })
    expect(latest.status).toBe(401)
    expect(latest.body.error.params.reason).toBe('session_revoked')
    const me = await call(base, 'GET', '/api/auth/user', { token: r2.body.accessToken })
    expect(me.status).toBe(401)
    expect(me.body.error.params.reason).toBe('session_revoked')
    const row = await useDb().session.findUniqueOrThrow({ where: { id: u.sessionId } })
    expect(row.revokedReason).toBe('refresh_token_reused')
  })

  it('refuses a forged refresh token without touching the session', async () => {
    const u = await activeUser(base)
    const forged = u.refreshToken.slice(0, -4) + 'AAAA'
    const r = await call(base, 'POST', '/api/auth/refresh', { body: { refreshToken: forged } })
    expect(r.status).toBe(401)
    expect(r.body.error.params.reason).toBe('invalid_token')
    expect((await call(base, 'POST', '/api/auth/refresh', { body: { refreshToken: u.refreshToken } })).status).toBe(200)
  })

  it('logout ends the current session', async () => {
    const u = await activeUser(base)
    expect((await call(base, 'POST', '/api/auth/logout', { token: u.accessToken })).status).toBe(200)
    expect((await call(base, 'GET', '/api/auth/user', { token: u.accessToken })).status).toBe(401)
    expect((await call(base, 'POST', '/api/auth/refresh', { body: { refreshToken: u.refreshToken } })).body.error.params.reason).toBe('session_revoked')
    expect((await call(base, 'POST', '/api/auth/logout')).status).toBe(401)
  })
})

describe('sessions', () => {
  it("lists my sessions and ends one; another user's session is 404", async () => {
    const u = await activeUser(base)
    const second = await call(base, 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: uniqueIp() })
    const list = await call(base, 'GET', '/api/auth/sessions', { token: u.accessToken })
    expect(list.body.items).toHaveLength(2)
    expect(list.body.items.find((s: any) => s.current).id).toBe(u.sessionId)
    const other = await activeUser(base)
    const foreign = await call(base, 'DELETE', `/api/auth/sessions/${other.sessionId}`, { token: u.accessToken })
    expect(foreign.status).toBe(404)
    expect((await call(base, 'GET', '/api/auth/user', { token: other.accessToken })).status).toBe(200)
    const del = await call(base, 'DELETE', `/api/auth/sessions/${second.body.sessionId}`, { token: u.accessToken })
    expect(del.status).toBe(200)
    expect((await call(base, 'GET', '/api/auth/user', { token: second.body.accessToken })).status).toBe(401)
  })
})

const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'

/** Signs in from a browser with this User-Agent (call() sends its own). */
async function loginAs(email: string, password: string, userAgent: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent, 'x-forwarded-for': uniqueIp() },
    body: JSON.stringify({ email, password }),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as { accessToken: string; refreshToken: string; sessionId: string }
}

describe('sessions: devices and ending the others', () => {
  it('names the browser and system of each session', async () => {
    const u = await activeUser(base)
    await loginAs(u.email, u.password, CHROME_WINDOWS)
    await loginAs(u.email, u.password, SAFARI_IPHONE)
    const list = await call(base, 'GET', '/api/auth/sessions', { token: u.accessToken })
    const devices = list.body.items.map((s: any) => s.device)
    expect(devices).toContainEqual({ browser: 'Chrome', os: 'Windows', mobile: false })
    expect(devices).toContainEqual({ browser: 'Safari', os: 'iPhone', mobile: true })
    // The test client's own header names no browser: nothing is made up.
    expect(devices).toContainEqual({ browser: null, os: null, mobile: false })
    const history = await call(base, 'GET', '/api/auth/login-history', { token: u.accessToken })
    expect(history.body.items.map((e: any) => e.device)).toContainEqual({ browser: 'Safari', os: 'iPhone', mobile: true })
  })

  it('DELETE /api/auth/sessions ends every session but the current one, and no one else\'s', async () => {
    const u = await activeUser(base)
    const chrome = await loginAs(u.email, u.password, CHROME_WINDOWS)
    const iphone = await loginAs(u.email, u.password, SAFARI_IPHONE)
    const other = await activeUser(base)

    const res = await call(base, 'DELETE', '/api/auth/sessions', { token: u.accessToken })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ ended: 2 })
    for (const s of [chrome, iphone]) {
      expect((await call(base, 'GET', '/api/auth/user', { token: s.accessToken })).status).toBe(401)
      expect((await call(base, 'POST', '/api/auth/refresh', { body: { refreshToken: s.refreshToken } })).body.error.params.reason).toBe('session_revoked')
    }
    expect((await call(base, 'GET', '/api/auth/user', { token: u.accessToken })).status).toBe(200)
    expect((await call(base, 'GET', '/api/auth/user', { token: other.accessToken })).status).toBe(200)
    const list = await call(base, 'GET', '/api/auth/sessions', { token: u.accessToken })
    expect(list.body.items.map((s: any) => s.id)).toEqual([u.sessionId])

    // Nothing left to end: still a plain answer.
    expect((await call(base, 'DELETE', '/api/auth/sessions', { token: u.accessToken })).body).toEqual({ ended: 0 })
    expect((await call(base, 'DELETE', '/api/auth/sessions')).status).toBe(401)
  })
})

describe('passwords', () => {
  it('reset link: single use, ends every session, the new password works', async () => {
    const u = await activeUser(base)
    const unknown = await call(base, 'POST', '/api/auth/password/forgot', { body: { email: uniqueEmail() }, ip: uniqueIp() })
    expect(unknown.status).toBe(202)
    expect(unknown.body.ok).toBe(true)
    const f = await call(base, 'POST', '/api/auth/password/forgot', { body: { email: u.email }, ip: uniqueIp() })
    expect(f.status).toBe(202)
    // The worker issues the link (it alone looks the address up).
    await deliverMessages()
    const token = f.body.delivery.devToken
    expect(f.body.delivery.link).toContain('/auth/reset-password?token=')
    const weak = await call(base, 'POST', '/api/auth/password/reset', { body: { token, password: 'short' }, ip: uniqueIp() })
    expect(weak.status).toBe(400)
    const r = await call(base, 'POST', '/api/auth/password/reset', { body: { token, password: 'NewSecret456' }, ip: uniqueIp() })
    expect(r.status).toBe(200)
    const reused = await call(base, 'POST', '/api/auth/password/reset', { body: { token, password: 'Other-Otter-789' }, ip: uniqueIp() })
    expect(reused.status).toBe(401)
    expect(reused.body.error.params.reason).toBe('code_used')
    expect((await call(base, 'GET', '/api/auth/user', { token: u.accessToken })).status).toBe(401)
    expect((await call(base, 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: uniqueIp() })).status).toBe(401)
    expect((await call(base, 'POST', '/api/auth/login', { body: { email: u.email, password: 'NewSecret456' }, ip: uniqueIp() })).status).toBe(200)
  })

  it('an expired reset link is 401 code_expired', async () => {
    const u = await activeUser(base)
    const f = await call(base, 'POST', '/api/auth/password/forgot', { body: { email: u.email }, ip: uniqueIp() })
    await deliverMessages()
    await useDb().verificationToken.updateMany({ where: { userId: u.userId, purpose: 'reset_password' }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const r = await call(base, 'POST', '/api/auth/password/reset', { body: { token: f.body.delivery.devToken, password: 'NewSecret456' }, ip: uniqueIp() })
    expect(r.status).toBe(401)
    expect(r.body.error.params.reason).toBe('code_expired')
  })

  it('change password needs the current one and ends the other sessions only', async () => {
    const u = await activeUser(base)
    const other = await call(base, 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: uniqueIp() })
    const wrong = await call(base, 'POST', '/api/auth/password/change', { token: u.accessToken, body: { currentPassword: 'nope12345', newPassword: 'Changed-Otter-456' } })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.fields[0]).toMatchObject({ path: 'body.currentPassword', code: 'wrong_password' })
    const ok = await call(base, 'POST', '/api/auth/password/change', { token: u.accessToken, body: { currentPassword: u.password, newPassword: 'Changed-Otter-456' } })
    expect(ok.body).toEqual({ ok: true, revokedSessions: 1, revokedApiTokens: 0 })
    expect((await call(base, 'GET', '/api/auth/user', { token: u.accessToken })).status).toBe(200)
    expect((await call(base, 'GET', '/api/auth/user', { token: other.body.accessToken })).status).toBe(401)
  })
})

describe('email change', () => {
  it('confirms the new address by link and publishes UserEmailUpdated', async () => {
    const u = await activeUser(base)
    const newEmail = uniqueEmail('new')
    const req = await call(base, 'POST', '/api/auth/email/change', { token: u.accessToken, body: { newEmail, password: u.password } })
    expect(req.status).toBe(200)
    const taken = await call(base, 'POST', '/api/auth/email/change', { token: u.accessToken, body: { newEmail: u.email, password: u.password } })
    expect(taken.status).toBe(409)
    const c = await call(base, 'POST', '/api/auth/email/confirm', { body: { token: req.body.delivery.devToken } })
    expect(c.status).toBe(200)
    expect(c.body.user.email).toBe(newEmail)
    const rows = await useDb().$queryRaw<{ payload: any }[]>`SELECT payload FROM event_outbox WHERE name = 'UserEmailUpdated' AND payload->>'userId' = ${u.userId}`
    expect(rows.map((r) => r.payload)).toEqual([{ userId: u.userId, oldEmail: u.email, newEmail }])
  })
})

describe('API tokens', () => {
  it('shows the token once, authenticates with it, lists by prefix, revokes', async () => {
    const u = await activeUser(base)
    const created = await call(base, 'POST', '/api/auth/tokens', { token: u.accessToken, body: { name: 'CRM' } })
    expect(created.status).toBe(201)
    const apiToken: string = created.body.token
    expect(apiToken.startsWith(created.body.prefix)).toBe(true)
    const stored = await useDb().apiToken.findUniqueOrThrow({ where: { id: created.body.id } })
    expect(stored.tokenHash).not.toContain(apiToken.slice(4))

    const me = await call(base, 'GET', '/api/auth/user', { token: apiToken })
    expect(me.status).toBe(200)
    expect(me.body.id).toBe(u.userId)
    // A leaked API token cannot mint more tokens.
    expect((await call(base, 'POST', '/api/auth/tokens', { token: apiToken, body: { name: 'x' } })).status).toBe(403)

    const list = await call(base, 'GET', '/api/auth/tokens', { token: u.accessToken })
    expect(list.body.items).toHaveLength(1)
    expect(list.body.items[0]).toMatchObject({ name: 'CRM', prefix: created.body.prefix, lastUsedAt: expect.any(String) })
    expect(list.body.items[0].token).toBeUndefined()

    const other = await activeUser(base)
    expect((await call(base, 'DELETE', `/api/auth/tokens/${created.body.id}`, { token: other.accessToken })).status).toBe(404)
    expect((await call(base, 'DELETE', `/api/auth/tokens/${created.body.id}`, { token: u.accessToken })).status).toBe(200)
    const after = await call(base, 'GET', '/api/auth/user', { token: apiToken })
    expect(after.status).toBe(401)
    expect(after.body.error.params.reason).toBe('api_token_revoked')
  })
})
