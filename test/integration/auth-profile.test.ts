import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activeUser, call, setupAuthTest, uniqueIp, useDb, type TAuthTestEnv } from '../helpers/auth'
import { deliverMessages } from '../helpers/deliveries'
import { listenApiApp, type TRunningApp } from '../helpers/h3-app'
import { verifyChain } from '../../server/domains/history'
import { kzControlDigit } from '../../shared/identity-numbers'

// Personal data editing (PATCH /api/auth/user) and the phone change by SMS code
// (POST /api/auth/phone/change → /confirm), against real PostgreSQL and Redis.

let t: TAuthTestEnv
let base: string
let history: TRunningApp

/** A checksum-valid IIN: born 1 Jan 1990, man of the 20th century (3). */
function validIin(serial = 1): string {
  for (let s = serial; s < 10_000; s++) {
    const first11 = `9001013${String(s).padStart(4, '0')}`
    const c = kzControlDigit([...first11].map(Number))
    if (c !== null) return first11 + c
  }
  throw new Error('no IIN')
}
let phoneSeq = 0
const uniquePhone = () => `+7701${String(Date.now() % 1_000_000).padStart(6, '0')}${phoneSeq++ % 10}`

beforeAll(async () => {
  t = await setupAuthTest('auth_profile')
  base = t.app.url
  history = await listenApiApp(['history'])
})
afterAll(async () => {
  await history?.close()
  await t?.teardown()
})

describe('PATCH /api/auth/user', () => {
  it('saves name, language and IIN; audits user.update with the IIN masked; the chain still verifies', async () => {
    const u = await activeUser(base)
    const iin = validIin()
    const r = await call(base, 'PATCH', '/api/auth/user', { token: u.accessToken, body: { name: '  Айгерим Серикова ', locale: 'kk', iin } })
    expect(r.status).toBe(200)
    expect(r.body.user).toMatchObject({ name: 'Айгерим Серикова', locale: 'kk', iin })
    const me = await call(base, 'GET', '/api/auth/user', { token: u.accessToken })
    expect(me.body).toMatchObject({ name: 'Айгерим Серикова', locale: 'kk', iin })

    const entries = await useDb().auditLog.findMany({ where: { action: 'user.update', actorUserId: u.userId } })
    expect(entries).toHaveLength(1)
    expect(entries[0]!.diff).toEqual({
      name: { from: null, to: 'Айгерим Серикова' },
      locale: { from: 'ru', to: 'kk' },
      iin: { changed: true, set: true },
    })
    expect(JSON.stringify(entries[0]!.diff)).not.toContain(iin)
    expect(entries[0]!.userAgent).toBe('vitest-auth')
    // Shown in my security history.
    const mine = await call(history.url, 'GET', '/api/history/mine', { token: u.accessToken })
    expect(mine.status).toBe(200)
    expect(mine.body.items.map((i: { action: string }) => i.action)).toContain('user.update')
    expect((await verifyChain()).ok).toBe(true)

    // The same values again change nothing and write no entry; '' clears.
    expect((await call(base, 'PATCH', '/api/auth/user', { token: u.accessToken, body: { name: 'Айгерим Серикова' } })).status).toBe(200)
    expect(await useDb().auditLog.count({ where: { action: 'user.update', actorUserId: u.userId } })).toBe(1)
    const cleared = await call(base, 'PATCH', '/api/auth/user', { token: u.accessToken, body: { iin: '' } })
    expect(cleared.body.user.iin).toBeNull()
  })

  it('refuses a bad IIN with a translated 400 on body.iin, and INN in region kz', async () => {
    const u = await activeUser(base)
    const bad = validIin().slice(0, 11) + ((Number(validIin().at(-1)) + 1) % 10)
    const r = await call(base, 'PATCH', '/api/auth/user', { token: u.accessToken, body: { name: 'X', iin: bad } })
    expect(r.status).toBe(400)
    expect(r.body.error.messageKey).toBe('errors.auth.invalid_iin')
    expect(r.body.error.fields).toEqual([expect.objectContaining({ path: 'body.iin', code: 'invalid_iin' })])
    // Nothing saved, not even the valid name next to it.
    expect((await useDb().user.findUniqueOrThrow({ where: { id: u.userId } })).name).toBeNull()

    const inn = await call(base, 'PATCH', '/api/auth/user', { token: u.accessToken, body: { inn: '7707083893' } })
    expect(inn.status).toBe(400)
    expect(inn.body.error.fields[0]).toMatchObject({ path: 'body.inn', code: 'inn_not_in_region' })

    const unknown = await call(base, 'PATCH', '/api/auth/user', { token: u.accessToken, body: { roles: ['admin'] } })
    expect(unknown.status).toBe(400)
    const locale = await call(base, 'PATCH', '/api/auth/user', { token: u.accessToken, body: { locale: 'de' } })
    expect(locale.status).toBe(400)
    expect(locale.body.error.fields[0].path).toBe('body.locale')
  })

  it('is 401 for anonymous callers and after the session ends', async () => {
    const anon = await call(base, 'PATCH', '/api/auth/user', { body: { name: 'Anon' } })
    expect(anon.status).toBe(401)
    expect(anon.body.error.params.reason).toBe('missing_token')
    const u = await activeUser(base)
    await call(base, 'POST', '/api/auth/logout', { token: u.accessToken })
    const after = await call(base, 'PATCH', '/api/auth/user', { token: u.accessToken, body: { name: 'Late' } })
    expect(after.status).toBe(401)
    expect(after.body.error.params.reason).toBe('session_revoked')
  })
})

describe('phone change', () => {
  it('sends a code by (sandbox) SMS to the new number; the code switches the number once', async () => {
    const u = await activeUser(base)
    const phone = uniquePhone()
    const req = await call(base, 'POST', '/api/auth/phone/change', { token: u.accessToken, body: { phone: phone.replace(/^(\+7)(\d{3})/, '$1 ($2) ') }, ip: uniqueIp() })
    expect(req.status).toBe(200)
    expect(req.body.delivery).toMatchObject({ channel: 'phone', queued: true })
    const code = req.body.delivery.devToken as string
    expect(code).toMatch(/^\d{6}$/)
    // Sent by the worker, recorded by the sandbox SMS provider, and stored only as a hash.
    await deliverMessages()
    const sms = await useDb().integrationOutbox.findFirstOrThrow({ where: { provider: 'sms', recipient: phone } })
    expect(sms).toMatchObject({ operation: 'send', driver: 'sandbox', status: 'recorded' })
    expect(JSON.stringify(sms.payload)).toContain(code)
    const row = await useDb().verificationToken.findFirstOrThrow({ where: { userId: u.userId, purpose: 'change_phone' } })
    expect(row.tokenHash).not.toContain(code)
    expect(row.target).toBe(phone)

    const ok = await call(base, 'POST', '/api/auth/phone/confirm', { token: u.accessToken, body: { code }, ip: uniqueIp() })
    expect(ok.status).toBe(200)
    expect(ok.body.user.phone).toBe(phone)
    const again = await call(base, 'POST', '/api/auth/phone/confirm', { token: u.accessToken, body: { code }, ip: uniqueIp() })
    expect(again.status).toBe(401)
    expect(again.body.error.params.reason).toBe('code_used')
    const entry = await useDb().auditLog.findFirstOrThrow({ where: { action: 'user.phone_change', actorUserId: u.userId } })
    expect(entry.diff).toEqual({ phone: { from: null, to: phone } })
  })

  it('refuses a wrong code (and burns it after 5 tries) and an expired one', async () => {
    const u = await activeUser(base)
    const req = await call(base, 'POST', '/api/auth/phone/change', { token: u.accessToken, body: { phone: uniquePhone() }, ip: uniqueIp() })
    const code = req.body.delivery.devToken as string
    const wrong = code === '000000' ? '111111' : '000000'
    for (let i = 0; i < 5; i++) {
      const r = await call(base, 'POST', '/api/auth/phone/confirm', { token: u.accessToken, body: { code: wrong }, ip: uniqueIp() })
      expect(r.status).toBe(401)
      expect(r.body.error.params.reason).toBe('code_invalid')
    }
    const burnt = await call(base, 'POST', '/api/auth/phone/confirm', { token: u.accessToken, body: { code }, ip: uniqueIp() })
    expect(burnt.status).toBe(401)
    expect(burnt.body.error.params.reason).toBe('code_used')

    const v = await activeUser(base)
    const req2 = await call(base, 'POST', '/api/auth/phone/change', { token: v.accessToken, body: { phone: uniquePhone() }, ip: uniqueIp() })
    await useDb().verificationToken.updateMany({ where: { userId: v.userId, purpose: 'change_phone' }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const expired = await call(base, 'POST', '/api/auth/phone/confirm', { token: v.accessToken, body: { code: req2.body.delivery.devToken }, ip: uniqueIp() })
    expect(expired.status).toBe(401)
    expect(expired.body.error.params.reason).toBe('code_expired')
    expect((await useDb().user.findUniqueOrThrow({ where: { id: v.userId } })).phone).toBeNull()

    const malformed = await call(base, 'POST', '/api/auth/phone/confirm', { token: v.accessToken, body: { code: '12ab' }, ip: uniqueIp() })
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.fields[0].path).toBe('body.code')
  })

  it("409 for someone else's number, on request and when it was taken before confirming", async () => {
    const a = await activeUser(base)
    const b = await activeUser(base)
    const phone = uniquePhone()
    await useDb().user.update({ where: { id: a.userId }, data: { phone } })
    const taken = await call(base, 'POST', '/api/auth/phone/change', { token: b.accessToken, body: { phone }, ip: uniqueIp() })
    expect(taken.status).toBe(409)
    expect(taken.body.error).toMatchObject({ messageKey: 'errors.auth.phone_taken' })
    expect(taken.body.error.fields[0].path).toBe('body.phone')

    const later = uniquePhone()
    const req = await call(base, 'POST', '/api/auth/phone/change', { token: b.accessToken, body: { phone: later }, ip: uniqueIp() })
    expect(req.status).toBe(200)
    await useDb().user.update({ where: { id: a.userId }, data: { phone: later } })
    const confirm = await call(base, 'POST', '/api/auth/phone/confirm', { token: b.accessToken, body: { code: req.body.delivery.devToken }, ip: uniqueIp() })
    expect(confirm.status).toBe(409)
    expect((await useDb().user.findUniqueOrThrow({ where: { id: b.userId } })).phone).toBeNull()
  })

  it('limits code requests per account (429 with Retry-After), and refuses anonymous callers and bad numbers', async () => {
    const u = await activeUser(base)
    for (let i = 0; i < 3; i++) {
      const r = await call(base, 'POST', '/api/auth/phone/change', { token: u.accessToken, body: { phone: uniquePhone() }, ip: uniqueIp() })
      expect(r.status).toBe(200)
    }
    const limited = await call(base, 'POST', '/api/auth/phone/change', { token: u.accessToken, body: { phone: uniquePhone() }, ip: uniqueIp() })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)

    expect((await call(base, 'POST', '/api/auth/phone/change', { body: { phone: uniquePhone() } })).status).toBe(401)
    expect((await call(base, 'POST', '/api/auth/phone/confirm', { body: { code: '123456' } })).status).toBe(401)
    const v = await activeUser(base)
    const bad = await call(base, 'POST', '/api/auth/phone/change', { token: v.accessToken, body: { phone: '+1555123456' }, ip: uniqueIp() })
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields[0].path).toBe('body.phone')
  })
})

describe('admin actions on accounts are audited', () => {
  it('block, unblock and role changes each write one entry the user sees in their own history', async () => {
    const admin = await activeUser(base)
    await useDb().user.update({ where: { id: admin.userId }, data: { roles: ['user', 'admin'] } })
    const u = await activeUser(base)
    expect((await call(base, 'POST', `/api/admin/users/${u.userId}/block`, { token: admin.accessToken })).status).toBe(200)
    expect((await call(base, 'POST', `/api/admin/users/${u.userId}/unblock`, { token: admin.accessToken })).status).toBe(200)
    expect((await call(base, 'PUT', `/api/admin/users/${u.userId}/roles`, { token: admin.accessToken, body: { roles: ['user', 'lawyer'] } })).status).toBe(200)
    // The same roles again: no change, no entry.
    expect((await call(base, 'PUT', `/api/admin/users/${u.userId}/roles`, { token: admin.accessToken, body: { roles: ['lawyer', 'user'] } })).status).toBe(200)
    const rows = await useDb().auditLog.findMany({ where: { entityId: u.userId, action: { in: ['user.block', 'user.unblock', 'user.roles_change'] } }, orderBy: { id: 'asc' } })
    expect(rows.map((r) => [r.action, r.actorUserId])).toEqual([
      ['user.block', admin.userId],
      ['user.unblock', admin.userId],
      ['user.roles_change', admin.userId],
    ])
    expect(rows[0]!.diff).toEqual({ sessionsEnded: 1 })
    expect(rows[2]!.diff).toEqual({ roles: { from: ['user'], to: ['user', 'lawyer'] } })

    const back = await call(base, 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: uniqueIp() })
    const mine = await call(history.url, 'GET', '/api/history/mine', { token: back.body.accessToken })
    const seen = mine.body.items.filter((i: { action: string; actorUserId: string | null }) => i.action.startsWith('user.') && i.actorUserId === admin.userId)
    expect(seen).toHaveLength(3)
    // The admin's IP and browser are theirs, not part of this user's history.
    expect(seen.every((i: { ip: string | null; userAgent: string | null }) => i.ip === null && i.userAgent === null)).toBe(true)
  })
})
