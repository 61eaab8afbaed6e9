import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedis } from '../../server/lib/redis'
import { QueueSet, eventJobId } from '../../server/events/queues'
import { LISTENER_MODULES } from '../../server/workers/listeners'
import { startRelay } from '../../server/events/relay'
import { routesFrom } from '../../server/events/routing'
import { activeUser, call, setupAuthTest, uniqueEmail, uniqueIp, useDb, type TAuthTestEnv } from '../helpers/auth'
import { deliverMessages } from '../helpers/deliveries'
import { waitFor } from '../helpers/events'

let t: TAuthTestEnv
let base: string
beforeAll(async () => {
  t = await setupAuthTest('auth_reg')
  base = t.app.url
})
afterAll(async () => t?.teardown())

describe('register', () => {
  it('answers 201 with a pending user, 409 on a duplicate email or phone', async () => {
    const email = uniqueEmail()
    const r = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email, password: 'Secret-Otter-123', iin: '870412300416' }, ip: uniqueIp() })
    expect(r.status).toBe(201)
    expect(r.body.user).toMatchObject({ email, status: 'pending', roles: ['user'], iin: '870412300416' })
    expect(r.body.user.passwordHash).toBeUndefined()
    expect(r.body.verification.channel).toBe('email')
    expect(r.body.verification).toMatchObject({ queued: true, link: expect.stringContaining('/auth/verify?token=') })
    // The worker sends it through the integrations' sandbox: the link is readable there (e2e uses this).
    await deliverMessages()
    const mails = await useDb().integrationOutbox.findMany({ where: { provider: 'email', recipient: email } })
    expect(mails).toHaveLength(1)
    expect(JSON.stringify(mails[0]!.payload)).toContain(r.body.verification.link)

    const dup = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email: email.toUpperCase(), password: 'Secret-Otter-123' } })
    expect(dup.status).toBe(409)
    expect(dup.body.error).toMatchObject({ code: 'CONFLICT', messageKey: 'errors.auth.email_taken' })

    const phone = '+7 701 555-12-34'
    const p = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, phone, password: 'Secret-Otter-123' } })
    expect(p.status).toBe(201)
    expect(p.body.user.phone).toBe('+77015551234')
    expect(p.body.verification).toMatchObject({ channel: 'phone', devToken: expect.stringMatching(/^\d{6}$/) })
    const dupPhone = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, phone: '+77015551234', password: 'Secret-Otter-123' } })
    expect(dupPhone.status).toBe(409)
    expect(dupPhone.body.error.messageKey).toBe('errors.auth.phone_taken')
    expect(await useDb().user.count({ where: { phone: '+77015551234' } })).toBe(1)
  })

  it('refuses a bad IIN, an INN outside its region, a weak password, a non +7 phone', async () => {
    const bad = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email: uniqueEmail(), password: 'Secret-Otter-123', iin: '870412300417' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatchObject({ messageKey: 'errors.auth.invalid_iin', fields: [{ path: 'body.iin', code: 'invalid_iin' }] })
    const inn = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email: uniqueEmail(), password: 'Secret-Otter-123', inn: '7707083893' } })
    expect(inn.status).toBe(400)
    expect(inn.body.error.fields[0].code).toBe('inn_not_in_region')
    const weak = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email: uniqueEmail(), password: 'password' } })
    expect(weak.status).toBe(400)
    expect(weak.body.error.messageKey).toBe('errors.auth.weak_password')
    const phone = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, phone: '+15551234567', password: 'Secret-Otter-123' } })
    expect(phone.status).toBe(400)
    expect(phone.body.error.fields[0].path).toBe('body.phone')
    const none = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, password: 'Secret-Otter-123' } })
    expect(none.status).toBe(400)
  })
})

describe('verify', () => {
  it('activates by email link and writes UserActivated; the link is single-use', async () => {
    const email = uniqueEmail()
    const reg = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email, password: 'Secret-Otter-123' } })
    const v = await call(base, 'POST', '/api/auth/verify', { body: { token: reg.body.verification.devToken }, ip: uniqueIp() })
    expect(v.status).toBe(200)
    expect(v.body.user).toMatchObject({ status: 'active', activatedAt: expect.any(String) })
    const rows = await useDb().$queryRaw<{ payload: any }[]>`SELECT payload FROM event_outbox WHERE name = 'UserActivated' AND payload->>'userId' = ${reg.body.user.id}`
    expect(rows).toHaveLength(1)
    expect(rows[0]!.payload).toMatchObject({ userId: reg.body.user.id, email, phone: null, locale: 'ru' })
    const again = await call(base, 'POST', '/api/auth/verify', { body: { token: reg.body.verification.devToken }, ip: uniqueIp() })
    expect(again.status).toBe(401)
    expect(again.body.error.params.reason).toBe('code_used')
  })

  it('activates by SMS code; a wrong code is 401 code_invalid', async () => {
    const phone = '+77017778899'
    const reg = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, phone, password: 'Secret-Otter-123' } })
    const code: string = reg.body.verification.devToken
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    const w = await call(base, 'POST', '/api/auth/verify', { body: { phone, code: wrong }, ip: uniqueIp() })
    expect(w.status).toBe(401)
    expect(w.body.error.params.reason).toBe('code_invalid')
    const ok = await call(base, 'POST', '/api/auth/verify', { body: { phone, code }, ip: uniqueIp() })
    expect(ok.status).toBe(200)
    expect(ok.body.user.status).toBe('active')
    const login = await call(base, 'POST', '/api/auth/login', { body: { phone: '+7 (701) 777-88-99', password: 'Secret-Otter-123' }, ip: uniqueIp() })
    expect(login.status).toBe(200)
    expect(login.body.user.phone).toBe(phone)
  })

  it('commits activation and event together: a failing outbox insert leaves the user pending', async () => {
    const db = useDb()
    const reg = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email: uniqueEmail(), password: 'Secret-Otter-123' } })
    await db.$executeRawUnsafe(`CREATE FUNCTION refuse_outbox() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'outbox down'; END $$ LANGUAGE plpgsql`)
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_outbox BEFORE INSERT ON event_outbox FOR EACH ROW EXECUTE FUNCTION refuse_outbox()`)
    try {
      const v = await call(base, 'POST', '/api/auth/verify', { body: { token: reg.body.verification.devToken }, ip: uniqueIp() })
      expect(v.status).toBe(500)
      const user = await db.user.findUniqueOrThrow({ where: { id: reg.body.user.id } })
      expect(user.status).toBe('pending')
      expect(user.activatedAt).toBeNull()
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_outbox ON event_outbox`)
      await db.$executeRawUnsafe(`DROP FUNCTION refuse_outbox()`)
    }
    // The token was not burnt by the rolled-back attempt.
    const v2 = await call(base, 'POST', '/api/auth/verify', { body: { token: reg.body.verification.devToken }, ip: uniqueIp() })
    expect(v2.status).toBe(200)
  })

  it('UserActivated reaches the queues of the domains that handle it, and no other', async () => {
    const redis = createRedis()
    const queues = new QueueSet({ connection: redis, prefix: t.env.REDIS_PREFIX })
    const relay = startRelay({ databaseUrl: t.env.DATABASE_URL, queues, routes: routesFrom(LISTENER_MODULES), pollMs: 50, sweep: false })
    try {
      const reg = await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email: uniqueEmail(), password: 'Secret-Otter-123' } })
      await call(base, 'POST', '/api/auth/verify', { body: { token: reg.body.verification.devToken }, ip: uniqueIp() })
      const [row] = await useDb().$queryRaw<{ id: string }[]>`SELECT id::text FROM event_outbox WHERE name = 'UserActivated' AND payload->>'userId' = ${reg.body.user.id}`
      for (const domain of ['notification', 'history', 'billing'] as const) {
        const job = await waitFor(() => queues.get(domain).getJob(eventJobId(row!.id, domain)), `${domain} job`)
        expect(job.data).toMatchObject({ name: 'UserActivated', payload: { userId: reg.body.user.id } })
      }
      // Declared subscribers without a listener yet get nothing to pile up.
      for (const domain of ['explorer', 'registry'] as const) {
        expect(await queues.get(domain).getJob(eventJobId(row!.id, domain)), domain).toBeUndefined()
      }
    } finally {
      await relay.stop()
      await queues.close()
      await redis.quit()
    }
  })
})

describe('login', () => {
  it('refuses unverified accounts and wrong passwords; signs in and records history + UserLoggedIn', async () => {
    const email = uniqueEmail()
    await call(base, 'POST', '/api/auth/register', { body: { acceptTerms: true, email, password: 'Secret-Otter-123' } })
    const pending = await call(base, 'POST', '/api/auth/login', { body: { email, password: 'Secret-Otter-123' }, ip: uniqueIp() })
    expect(pending.status).toBe(403)
    expect(pending.body.error.params.reason).toBe('account_not_verified')

    const u = await activeUser(base)
    const wrong = await call(base, 'POST', '/api/auth/login', { body: { email: u.email, password: 'Wrong1234' }, ip: uniqueIp() })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error).toMatchObject({ code: 'UNAUTHENTICATED', params: { reason: 'invalid_credentials' } })
    const nobody = await call(base, 'POST', '/api/auth/login', { body: { email: uniqueEmail(), password: 'Wrong1234' }, ip: uniqueIp() })
    expect(nobody.status).toBe(401)

    expect(u.accessToken.split('.')).toHaveLength(3)
    const me = await call(base, 'GET', '/api/auth/user', { token: u.accessToken })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ id: u.userId, email: u.email, status: 'active' })
    expect((await call(base, 'GET', '/api/auth/user')).body.error.params.reason).toBe('missing_token')

    const history = await call(base, 'GET', '/api/auth/login-history', { token: u.accessToken })
    // Newest first: the wrong attempt above came after activeUser()'s sign-in.
    expect(history.body.items.map((h: any) => [h.success, h.reason])).toEqual([[false, 'wrong_password'], [true, null]])
    expect(history.body.items[1]).toMatchObject({ ip: u.ip, userAgent: 'vitest-auth' })
    expect(history.body.total).toBe(2)
    const events = await useDb().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM event_outbox WHERE name = 'UserLoggedIn' AND payload->>'userId' = ${u.userId}`
    expect(events[0]!.n).toBe(1)
  })
})
