import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, createRouter, toNodeListener } from 'h3'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../helpers/db'
import { startFakeSmtp, type TFakeSmtp } from '../fakes/smtp'
import { resetConfigForTests } from '../../server/lib/config'
import { closeDb, useDb } from '../../server/lib/db'
import { AppError } from '../../server/lib/errors'
import { emailProvider, listIntegrationOutbox, recordIntegrationCall, sendEmail } from '../../server/integrations'
import outboxRoute from '../../server/api/admin/integrations/outbox.get'
import { createApiToken, DEMO_USERS, ensureDemoUsers } from '../../server/domains/auth'

let db: { url: string; drop: () => Promise<void> }
const fakes: TFakeSmtp[] = []

async function fake(opts?: Parameters<typeof startFakeSmtp>[0]) {
  const f = await startFakeSmtp(opts)
  fakes.push(f)
  return f
}

/** Points the email provider at `smtpUrl` (undefined: sandbox). */
async function useSmtp(smtpUrl: string | undefined) {
  if (smtpUrl) process.env.SMTP_URL = smtpUrl
  else delete process.env.SMTP_URL
  resetConfigForTests()
  await emailProvider.reset()
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(AppError)
  return e as AppError
}

async function rowsFor(to: string) {
  return useDb().integrationOutbox.findMany({ where: { recipient: to }, orderBy: { createdAt: 'asc' } })
}

beforeAll(async () => {
  db = await createTestDatabase('integrations')
  process.env.DATABASE_URL = db.url
  process.env.MAIL_FROM = 'Dogovor24 <no-reply@dogovor24.kz>'
  resetConfigForTests()
})

beforeEach(async () => {
  await useSmtp(undefined)
})

afterAll(async () => {
  await emailProvider.reset()
  await Promise.all(fakes.map((f) => f.close()))
  await closeDb()
  await db?.drop()
})

describe('email provider, live over SMTP', () => {
  it('delivers the message to the SMTP server and records it as live/sent', async () => {
    const smtp = await fake({ auth: { user: 'mailer', pass: 's3cret:pw' } })
    await useSmtp(smtp.url)
    expect(emailProvider.driver()).toBe('live')

    const subject = 'Ваш договор готов — №42'
    const res = await sendEmail({
      to: 'client@example.kz',
      subject,
      text: 'Hello from Dogovor24, your contract is ready.',
      html: '<p>Hello from <b>Dogovor24</b></p>',
    })

    expect(res.driver).toBe('live')
    expect(smtp.logins).toEqual(['mailer'])
    expect(smtp.messages).toHaveLength(1)
    const msg = smtp.messages[0]!
    expect(msg.from).toBe('no-reply@dogovor24.kz')
    expect(msg.to).toEqual(['client@example.kz'])
    expect(msg.headers.subject).toBe(subject)
    expect(msg.headers.to).toBe('client@example.kz')
    expect(msg.headers.from).toContain('no-reply@dogovor24.kz')
    expect(msg.headers['content-type']).toMatch(/^multipart\/alternative/)
    expect(msg.body).toContain('Hello from Dogovor24, your contract is ready.')
    expect(msg.body).toContain('<b>Dogovor24</b>')
    expect(res.result.messageId).toBe(msg.headers['message-id'])

    const rows = await rowsFor('client@example.kz')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ id: res.outboxId, provider: 'email', operation: 'send', driver: 'live', status: 'sent', error: null })
    const payload = rows[0]!.payload as { input: { subject: string }; result: { messageId: string } }
    expect(payload.input.subject).toBe(subject)
    expect(payload.result.messageId).toBe(msg.headers['message-id'])
  })

  it('records a refused recipient as live/failed and throws UNAVAILABLE', async () => {
    const smtp = await fake({ rejectRecipients: { code: 550, message: 'No such user here' } })
    await useSmtp(smtp.url)
    const e = await rejection(sendEmail({ to: 'nobody@example.kz', subject: 'Hi', text: 'x' }))
    expect(e.code).toBe('UNAVAILABLE')
    expect(e.status).toBe(503)
    expect(smtp.messages).toHaveLength(0)
    const rows = await rowsFor('nobody@example.kz')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ driver: 'live', status: 'failed' })
    expect(rows[0]!.error).toMatch(/550/)
    expect(rows[0]!.error).toMatch(/No such user here/)
    expect(e.params).toMatchObject({ provider: 'email', operation: 'send', outboxId: rows[0]!.id })
  })

  it('records a wrong SMTP password and an unreachable server as failed', async () => {
    const smtp = await fake({ auth: { user: 'mailer', pass: 'right' } })
    await useSmtp(smtp.url.replace('mailer:right@', 'mailer:wrong@'))
    expect((await rejection(sendEmail({ to: 'badauth@example.kz', subject: 'Hi', text: 'x' }))).code).toBe('UNAVAILABLE')
    expect((await rowsFor('badauth@example.kz'))[0]).toMatchObject({ status: 'failed', driver: 'live' })
    expect((await rowsFor('badauth@example.kz'))[0]!.error).toMatch(/535|auth/i)

    const gone = await fake()
    await gone.close()
    await useSmtp(gone.url)
    expect((await rejection(sendEmail({ to: 'down@example.kz', subject: 'Hi', text: 'x' }))).code).toBe('UNAVAILABLE')
    expect((await rowsFor('down@example.kz'))[0]!.error).toMatch(/ECONNREFUSED/)
    expect(smtp.messages).toHaveLength(0)
  })
})

describe('email provider, sandbox', () => {
  it('records the message without sending anything when SMTP_URL is not set', async () => {
    const smtp = await fake()
    expect(emailProvider.driver()).toBe('sandbox')
    const res = await sendEmail({ to: 'sandbox@example.kz', subject: 'Подтвердите email', html: '<a href="x">go</a>' })
    expect(res.driver).toBe('sandbox')
    expect(res.result.messageId).toMatch(/^<sandbox-/)
    expect(smtp.messages).toHaveLength(0)
    const rows = await rowsFor('sandbox@example.kz')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ id: res.outboxId, driver: 'sandbox', status: 'recorded', error: null })
    expect((rows[0]!.payload as { input: { subject: string } }).input.subject).toBe('Подтвердите email')
  })

  it('refuses invalid messages before any driver runs (no row)', async () => {
    const header = await rejection(sendEmail({ to: 'x@example.kz', subject: 'Hi\r\nBcc: victim@example.kz', text: 'x' }))
    expect(header.code).toBe('VALIDATION')
    expect((await rejection(sendEmail({ to: 'not-an-email', subject: 'Hi', text: 'x' }))).code).toBe('VALIDATION')
    expect((await rejection(sendEmail({ to: 'x@example.kz', subject: 'Hi' }))).code).toBe('VALIDATION')
    expect(await rowsFor('x@example.kz')).toHaveLength(0)
  })
})

describe('integration outbox listing', () => {
  it('pages newest first and filters by provider', async () => {
    for (let i = 0; i < 5; i++) {
      await recordIntegrationCall({ provider: 'sms', operation: 'send', recipient: `+7701000000${i}`, payload: { i }, status: 'recorded', driver: 'sandbox' })
    }
    // Rows made within one millisecond (a fast machine does) still list in the order they were made.
    await useDb().$executeRaw`UPDATE integration_outbox SET created_at = '2026-12-01T10:00:00.000Z' WHERE provider = 'sms'`
    const sms = await listIntegrationOutbox({ provider: 'sms', page: 1, pageSize: 2 })
    expect(sms.total).toBe(5)
    expect(sms.items.map((r) => r.recipient)).toEqual(['+77010000004', '+77010000003'])
    const last = await listIntegrationOutbox({ provider: 'sms', page: 3, pageSize: 2 })
    expect(last.items.map((r) => r.recipient)).toEqual(['+77010000000'])
    const all = await listIntegrationOutbox({ page: 1, pageSize: 100 })
    expect(all.total).toBeGreaterThan(5)
    expect(new Set(all.items.map((r) => r.provider))).toEqual(new Set(['sms', 'email']))
    await expect(listIntegrationOutbox({ page: 1, pageSize: 1000 })).rejects.toThrow()
  })

  it('filters by a part of the recipient, in any case, together with the provider', async () => {
    await recordIntegrationCall({ provider: 'email', operation: 'send', recipient: 'Aliya.Filter@Example.kz', payload: {}, status: 'recorded', driver: 'sandbox' })
    await recordIntegrationCall({ provider: 'email', operation: 'send', recipient: 'bolat.filter@example.kz', payload: {}, status: 'recorded', driver: 'sandbox' })
    const aliya = await listIntegrationOutbox({ recipient: 'aliya.filter@', page: 1, pageSize: 100 })
    expect(aliya.items.map((r) => r.recipient)).toEqual(['Aliya.Filter@Example.kz'])
    expect(aliya.total).toBe(1)
    expect((await listIntegrationOutbox({ recipient: '.FILTER@example', page: 1, pageSize: 100 })).total).toBe(2)
    expect((await listIntegrationOutbox({ recipient: 'filter@', provider: 'sms', page: 1, pageSize: 100 })).total).toBe(0)
    // The phones of the first test, by their last digits.
    expect((await listIntegrationOutbox({ recipient: '0000004', page: 1, pageSize: 100 })).items.map((r) => r.recipient)).toEqual(['+77010000004'])
  })
})

describe('GET /api/admin/integrations/outbox', () => {
  let server: Server
  let base: string
  let adminToken: string
  let userToken: string

  beforeAll(async () => {
    const app = createApp()
    app.use(createRouter().get('/api/admin/integrations/outbox', outboxRoute))
    server = createServer(toNodeListener(app))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/admin/integrations/outbox`
    await ensureDemoUsers()
    const token = async (email: string) => {
      const u = await useDb().user.findFirstOrThrow({ where: { email } })
      return (await createApiToken({ userId: u.id, via: 'session' }, { name: 'outbox test' })).token
    }
    adminToken = await token(DEMO_USERS.find((u) => u.roles.includes('admin'))!.email)
    userToken = await token(DEMO_USERS.find((u) => u.roles.length === 1 && u.roles[0] === 'user')!.email)
  })

  afterAll(async () => {
    await new Promise((r) => server?.close(r))
  })

  it('answers the page to an admin, 401 to anonymous and 403 to a plain user', async () => {
    const ok = await fetch(`${base}?provider=sms&page=1&pageSize=3`, { headers: { authorization: `Bearer ${adminToken}` } })
    expect(ok.status).toBe(200)
    const body = (await ok.json()) as { items: { provider: string }[]; total: number }
    expect(body.total).toBe(5)
    expect(body.items).toHaveLength(3)
    expect(body.items.every((i) => i.provider === 'sms')).toBe(true)

    expect((await fetch(base)).status).toBe(401)
    expect((await fetch(base, { headers: { authorization: `Bearer ${userToken}` } })).status).toBe(403)
  })

  it('validates the query', async () => {
    const res = await fetch(`${base}?pageSize=500&page=0`, { headers: { authorization: `Bearer ${adminToken}` } })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; fields: { path: string }[] } }
    expect(body.error.code).toBe('VALIDATION')
    expect(body.error.fields.map((f) => f.path).sort()).toEqual(['query.page', 'query.pageSize'])
  })

  it('filters by recipient; a recipient filter longer than any address is refused', async () => {
    const ok = await fetch(`${base}?recipient=${encodeURIComponent('+77010000003')}`, { headers: { authorization: `Bearer ${adminToken}` } })
    expect(ok.status).toBe(200)
    const body = (await ok.json()) as { items: { recipient: string }[]; total: number }
    expect(body.items.map((i) => i.recipient)).toEqual(['+77010000003'])
    const long = await fetch(`${base}?recipient=${'a'.repeat(321)}`, { headers: { authorization: `Bearer ${adminToken}` } })
    expect(long.status).toBe(400)
    expect(((await long.json()) as { error: { fields: { path: string }[] } }).error.fields.map((f) => f.path)).toEqual(['query.recipient'])
  })
})
