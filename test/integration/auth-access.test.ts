import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDemoUsers } from '../../server/domains/auth'
import { LIMITS } from '../../server/domains/auth/limits'
import { activeUser, call, setupAuthTest, spawnSecondInstance, uniqueEmail, uniqueIp, useDb, type TAuthTestEnv } from '../helpers/auth'

let t: TAuthTestEnv
let base: string
let admin: { accessToken: string; user: { id: string } }
beforeAll(async () => {
  t = await setupAuthTest('auth_access')
  base = t.app.url
  await ensureDemoUsers()
  admin = (await call(base, 'POST', '/api/auth/login', { body: { email: 'admin@dogovor24.kz', password: 'Demo12345' }, ip: uniqueIp() })).body
})
afterAll(async () => t?.teardown())

describe('demo users', () => {
  it('are created once, active, with their roles', async () => {
    const again = await ensureDemoUsers()
    expect(again.created).toEqual([])
    expect(again.existing).toHaveLength(3)
    const rows = await useDb().user.findMany({ where: { email: { endsWith: '@dogovor24.kz' } }, orderBy: { email: 'asc' } })
    expect(rows.map((r) => [r.email, r.status, r.roles])).toEqual([
      ['admin@dogovor24.kz', 'active', ['admin']],
      ['lawyer@dogovor24.kz', 'active', ['user', 'lawyer']],
      ['user@dogovor24.kz', 'active', ['user']],
    ])
    expect(admin.accessToken).toBeTruthy()
  })
})

describe('roles', () => {
  it('admin routes: 401 anonymous, 403 for user and lawyer, 200 for admin', async () => {
    expect((await call(base, 'GET', '/api/admin/users')).status).toBe(401)
    const user = await activeUser(base)
    const asUser = await call(base, 'GET', '/api/admin/users', { token: user.accessToken })
    expect(asUser.status).toBe(403)
    expect(asUser.body.error).toMatchObject({ code: 'FORBIDDEN', params: { reason: 'role_required' } })
    const lawyer = await call(base, 'POST', '/api/auth/login', { body: { email: 'lawyer@dogovor24.kz', password: 'Demo12345' }, ip: uniqueIp() })
    expect((await call(base, 'GET', '/api/admin/users', { token: lawyer.body.accessToken })).status).toBe(403)
    const list = await call(base, 'GET', `/api/admin/users?q=${encodeURIComponent(user.email.slice(0, 10))}&pageSize=5`, { token: admin.accessToken })
    expect(list.status).toBe(200)
    expect(list.body.items.map((u: any) => u.email)).toEqual([user.email])
    expect(list.body.pageSize).toBe(5)
  })

  it('PUT roles: a promoted user passes the role check at once; admins cannot demote themselves', async () => {
    const user = await activeUser(base)
    const r = await call(base, 'PUT', `/api/admin/users/${user.userId}/roles`, { token: admin.accessToken, body: { roles: ['user', 'admin'] } })
    expect(r.status).toBe(200)
    expect(r.body.roles).toEqual(['user', 'admin'])
    expect((await call(base, 'GET', '/api/admin/users', { token: user.accessToken })).status).toBe(200)
    const bad = await call(base, 'PUT', `/api/admin/users/${user.userId}/roles`, { token: admin.accessToken, body: { roles: ['root'] } })
    expect(bad.status).toBe(400)
    const self = await call(base, 'PUT', `/api/admin/users/${admin.user.id}/roles`, { token: admin.accessToken, body: { roles: ['user'] } })
    expect(self.status).toBe(409)
    const missing = await call(base, 'PUT', `/api/admin/users/00000000-0000-4000-8000-000000000000/roles`, { token: admin.accessToken, body: { roles: ['user'] } })
    expect(missing.status).toBe(404)
  })
})

describe('blocking', () => {
  it("stops the user's access token, refresh token and API token at once", async () => {
    const u = await activeUser(base)
    const apiToken = (await call(base, 'POST', '/api/auth/tokens', { token: u.accessToken, body: { name: 'bot' } })).body.token
    expect((await call(base, 'GET', '/api/auth/user', { token: u.accessToken })).status).toBe(200)

    const b = await call(base, 'POST', `/api/admin/users/${u.userId}/block`, { token: admin.accessToken })
    expect(b.status).toBe(200)
    expect(b.body.status).toBe('blocked')

    const me = await call(base, 'GET', '/api/auth/user', { token: u.accessToken })
    expect(me.status).toBe(401)
    expect(['account_blocked', 'session_revoked']).toContain(me.body.error.params.reason)
    const viaApi = await call(base, 'GET', '/api/auth/user', { token: apiToken })
    expect(viaApi.status).toBe(401)
    expect(viaApi.body.error.params.reason).toBe('account_blocked')
    expect((await call(base, 'POST', '/api/auth/refresh', { body: { refreshToken: u.refreshToken } })).status).toBe(401)
    const login = await call(base, 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: uniqueIp() })
    expect(login.status).toBe(403)
    expect(login.body.error.params.reason).toBe('account_blocked')

    expect((await call(base, 'POST', `/api/admin/users/${admin.user.id}/block`, { token: admin.accessToken })).status).toBe(409)
    const un = await call(base, 'POST', `/api/admin/users/${u.userId}/unblock`, { token: admin.accessToken })
    expect(un.body.status).toBe('active')
    expect((await call(base, 'GET', '/api/auth/user', { token: apiToken })).status).toBe(200)
    expect((await call(base, 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: uniqueIp() })).status).toBe(200)
  })

  it('a status change made directly in the database is seen on the next request (nothing cached)', async () => {
    const u = await activeUser(base)
    await useDb().user.update({ where: { id: u.userId }, data: { status: 'blocked' } })
    const me = await call(base, 'GET', '/api/auth/user', { token: u.accessToken })
    expect(me.status).toBe(401)
    expect(me.body.error.params.reason).toBe('account_blocked')
  })
})

describe('rate limits across two web processes sharing Redis', () => {
  it('per account: failures on either instance add up to 429 with Retry-After', async () => {
    const second = await spawnSecondInstance(t.env)
    try {
      const u = await activeUser(base)
      const targets = [base, second.url]
      for (let i = 0; i < LIMITS.loginAccount.limit; i++) {
        // A fresh IP each time: only the account-wide counter (clients without a known device) can trip.
        const r = await call(targets[i % 2]!, 'POST', '/api/auth/login', { body: { email: u.email, password: 'Wrong1234' }, ip: uniqueIp() })
        expect(r.status, `attempt ${i + 1}`).toBe(401)
      }
      for (const target of targets) {
        const r = await call(target, 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: uniqueIp() })
        expect(r.status).toBe(429)
        expect(r.body.error.code).toBe('RATE_LIMITED')
        const retryAfter = Number(r.headers.get('retry-after'))
        expect(retryAfter).toBeGreaterThan(0)
        expect(retryAfter).toBeLessThanOrEqual(LIMITS.loginAccount.windowMs / 1000)
      }
      // Another account from the same IPs is unaffected.
      const other = await activeUser(base)
      expect(other.accessToken).toBeTruthy()
    } finally {
      await second.stop()
    }
  })

  it('per IP: forgot-password from one IP is cut off after its limit, on both instances', async () => {
    const second = await spawnSecondInstance(t.env)
    try {
      const ip = uniqueIp()
      const statuses: number[] = []
      for (let i = 0; i < 12; i++) {
        const r = await call(i % 2 ? second.url : base, 'POST', '/api/auth/password/forgot', { body: { email: uniqueEmail() }, ip })
        statuses.push(r.status)
        if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
      }
      expect(statuses).toEqual([...Array(10).fill(202), 429, 429])
      // A different IP still gets through.
      expect((await call(second.url, 'POST', '/api/auth/password/forgot', { body: { email: uniqueEmail() }, ip: uniqueIp() })).status).toBe(202)
    } finally {
      await second.stop()
    }
  })

  it('verify: per-IP limit on link checks', async () => {
    const ip = uniqueIp()
    const statuses: number[] = []
    for (let i = 0; i < 21; i++) {
      statuses.push((await call(base, 'POST', '/api/auth/verify', { body: { token: 'x'.repeat(43) }, ip })).status)
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true)
    expect(statuses[20]).toBe(429)
  })
})
