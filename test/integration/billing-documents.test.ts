import type { Job } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resetConfigForTests } from '../../server/lib/config'
import { useDb } from '../../server/lib/db'
import { createEventProcessor } from '../../server/events/consume'
import { LISTENER_MODULES } from '../../server/workers/listeners'
import { listeners as billingListeners } from '../../server/domains/billing'
import { canDownload } from '../../server/domains/document'
import { activeUser, call, setupAuthTest, type TAuthTestEnv } from '../helpers/auth'
import { leaseBody, leaseQuestionnaire } from '../helpers/lease-template'

// Buying a paid document from the balance: priced from the filling's template version,
// paid in one transaction, unlocked by the document domain's OrderPaid listener.
let t: TAuthTestEnv
let base: string
type TUser = Awaited<ReturnType<typeof activeUser>>
let lawyer: TUser

beforeAll(async () => {
  t = await setupAuthTest('billing_docs', 'kz', ['auth', 'billing', 'document', 'admin'])
  base = t.app.url
  process.env.BILLING_WELCOME_BONUS_MINOR = '200000'
  resetConfigForTests()
  lawyer = await activeUser(base)
  await useDb().user.update({ where: { id: lawyer.userId }, data: { roles: ['user', 'lawyer'] } })
})

afterAll(async () => {
  delete process.env.BILLING_WELCOME_BONUS_MINOR
  await t?.teardown()
})

async function publishedTemplate(priceMinor: number): Promise<string> {
  const created = await call(base, 'POST', '/api/document/templates', {
    token: lawyer.accessToken,
    body: { title: { ru: 'Договор аренды', kk: 'Жалға алу шарты' }, bilingual: true, body: leaseBody, questionnaire: leaseQuestionnaire, priceMinor, currency: priceMinor ? 'KZT' : undefined },
  })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  expect((await call(base, 'POST', `/api/document/templates/${created.body.id}/publish`, { token: lawyer.accessToken })).status).toBe(201)
  return created.body.id
}

async function fillingOf(u: TUser, templateId: string): Promise<string> {
  const f = await call(base, 'POST', '/api/document/fillings', { token: u.accessToken, body: { templateId } })
  expect(f.status, JSON.stringify(f.body)).toBe(201)
  return f.body.id
}

/** The welcome bonus as the worker would grant it on UserActivated. */
async function bonus(u: TUser): Promise<void> {
  await useDb().$transaction((tx) =>
    billingListeners.handlers.UserActivated!({ userId: u.userId, email: null, phone: null, locale: 'ru' }, { eventId: `e-${u.userId}`, name: 'UserActivated', version: 1, publisher: 'auth', publishedAt: new Date(), attempt: 1, tx }),
  )
}

/** Runs the document domain's listeners over the outbox's events of one name (OrderPaid by default), as the worker does. */
async function runDocumentListeners(name: 'OrderPaid' | 'OrderRefunded' = 'OrderPaid'): Promise<void> {
  const db = useDb()
  const process = createEventProcessor('document', LISTENER_MODULES, db)
  const rows = await db.$queryRaw<{ id: string; name: string; version: number; payload: unknown; publisher: string; created_at: Date }[]>`
    SELECT id::text, name, version, payload, publisher, created_at FROM event_outbox WHERE name = ${name} ORDER BY created_at`
  for (const r of rows) {
    await process({ name: r.name, data: { id: r.id, name: r.name, version: r.version, payload: r.payload, publisher: r.publisher, publishedAt: r.created_at.toISOString() }, attemptsMade: 0 } as unknown as Job)
  }
}

const downloadable = async (u: TUser, fillingId: string) => {
  const f = await useDb().filling.findUniqueOrThrow({ where: { id: fillingId }, include: { version: true } })
  return (await canDownload(u.userId, f)).ok
}

describe('buying a document', () => {
  it('priced by its version, paid from the balance, unlocked by OrderPaid', async () => {
    const templateId = await publishedTemplate(150_000)
    const u = await activeUser(base)
    await bonus(u)
    const fillingId = await fillingOf(u, templateId)
    expect(await downloadable(u, fillingId)).toBe(false)

    const order = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'document', fillingId }], useBalanceMinor: 150_000 } })
    expect(order.status, JSON.stringify(order.body)).toBe(201)
    expect(order.body).toMatchObject({ totalMinor: 150_000, balanceMinor: 150_000, cardMinor: 0, lines: [{ kind: 'document', ref: fillingId, title: 'Договор аренды', amountMinor: 150_000 }] })
    const paid = await call(base, 'POST', `/api/billing/orders/${order.body.id}/pay-balance`, { token: u.accessToken })
    expect(paid.status, JSON.stringify(paid.body)).toBe(200)
    expect(paid.body.status).toBe('paid')
    expect((await call(base, 'GET', '/api/billing/balance', { token: u.accessToken })).body.balanceMinor).toBe(50_000)
    // Paying again changes nothing.
    expect((await call(base, 'POST', `/api/billing/orders/${order.body.id}/pay-balance`, { token: u.accessToken })).status).toBe(409)

    await runDocumentListeners()
    expect(await downloadable(u, fillingId)).toBe(true)

    // Refunded in full by an admin: the money goes back to the balance and the document locks again.
    const admin = await activeUser(base)
    await useDb().user.update({ where: { id: admin.userId }, data: { roles: ['user', 'admin'] } })
    const refund = await call(base, 'POST', `/api/admin/billing/orders/${order.body.id}/refund`, { token: admin.accessToken, body: { reason: 'Bought by mistake' } })
    expect(refund.status, JSON.stringify(refund.body)).toBe(200)
    expect((await call(base, 'GET', '/api/billing/balance', { token: u.accessToken })).body.balanceMinor).toBe(200_000)
    await runDocumentListeners('OrderRefunded')
    expect(await downloadable(u, fillingId)).toBe(false)
  })

  it('a balance that does not cover it refuses and changes nothing; a free or another’s document cannot be ordered', async () => {
    const templateId = await publishedTemplate(150_000)
    const u = await activeUser(base)
    const fillingId = await fillingOf(u, templateId)
    // No bonus: the order cannot even be placed with a balance part.
    const short = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'document', fillingId }], useBalanceMinor: 150_000 } })
    expect(short.status).toBe(400)
    expect(short.body.error.fields.map((f: { code: string }) => f.code)).toEqual(['balance_insufficient'])

    const other = await activeUser(base)
    const stolen = await call(base, 'POST', '/api/billing/orders', { token: other.accessToken, body: { lines: [{ kind: 'document', fillingId }] } })
    expect(stolen.status).toBe(404)

    const free = await fillingOf(u, await publishedTemplate(0))
    const freeOrder = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'document', fillingId: free }] } })
    expect(freeOrder.status).toBe(400)
    expect(freeOrder.body.error.fields.map((f: { code: string }) => f.code)).toEqual(['document_free'])

    // Placed while the balance covered it, then spent elsewhere: paying refuses, the order stays as it was.
    await bonus(u)
    const placed = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'document', fillingId }], useBalanceMinor: 150_000 } })
    expect(placed.status).toBe(201)
    await useDb().$executeRaw`INSERT INTO billing_ledger_transfers (id, key, reason) VALUES (gen_random_uuid(), ${`spent:${u.userId}`}, 'adjustment')`
    const transfer = await useDb().ledgerTransfer.findUniqueOrThrow({ where: { key: `spent:${u.userId}` } })
    await useDb().ledgerEntry.createMany({ data: [{ transferId: transfer.id, account: `user:${u.userId}`, currency: 'KZT', amountMinor: -100_000 }, { transferId: transfer.id, account: 'platform:sales', currency: 'KZT', amountMinor: 100_000 }] })
    const refused = await call(base, 'POST', `/api/billing/orders/${placed.body.id}/pay-balance`, { token: u.accessToken })
    expect(refused.status).toBe(400)
    expect((await call(base, 'GET', `/api/billing/orders/${placed.body.id}`, { token: u.accessToken })).body.status).toBe('created')
    expect((await call(base, 'GET', '/api/billing/balance', { token: u.accessToken })).body.balanceMinor).toBe(100_000)
    expect(await downloadable(u, fillingId)).toBe(false)
  })
})
