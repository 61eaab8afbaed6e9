import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useDb } from '../../server/lib/db'
import { expireStaleOrders } from '../../server/domains/billing'
import { activeUser, call, setupAuthTest, type TAuthTestEnv } from '../helpers/auth'

// Promo codes on orders: made by an admin, put on an unpaid order by its buyer, once per
// person (moved between their unpaid orders), a total limit that racing orders never pass,
// validity windows, and never a discount on a top-up.
let t: TAuthTestEnv
let base: string
type TUser = Awaited<ReturnType<typeof activeUser>>
let admin: TUser

beforeAll(async () => {
  t = await setupAuthTest('billing_promo', 'kz', ['auth', 'billing', 'subscription', 'admin'])
  base = t.app.url
  admin = await activeUser(base)
  await useDb().user.update({ where: { id: admin.userId }, data: { roles: ['user', 'admin'] } })
})

afterAll(async () => {
  await t?.teardown()
})

async function promo(body: Record<string, unknown>) {
  const r = await call(base, 'POST', '/api/admin/billing/promo-codes', { token: admin.accessToken, body })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body
}

/** An unpaid order for the Start plan (4,900 ₸). */
async function planOrder(u: TUser): Promise<string> {
  const r = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'subscription', planCode: 'start-month' }] } })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body.id
}

const apply = (u: TUser, orderId: string, code: string) => call(base, 'POST', `/api/billing/orders/${orderId}/promo`, { token: u.accessToken, body: { code } })
const reason = (r: { body: { error: { fields?: { code: string }[]; params?: { reason?: string } } } }) => r.body.error.fields?.[0]?.code ?? r.body.error.params?.reason

async function credit(u: TUser, minor: number): Promise<void> {
  const tr = await useDb().ledgerTransfer.create({ data: { key: `test-credit:${u.userId}:${Math.random()}`, reason: 'topup' } })
  await useDb().ledgerEntry.createMany({ data: [{ transferId: tr.id, account: `user:${u.userId}`, currency: 'KZT', amountMinor: minor }, { transferId: tr.id, account: 'platform:card', currency: 'KZT', amountMinor: -minor }] })
}

describe('promo codes', () => {
  it('an admin makes codes; anyone else cannot; a name is taken once', async () => {
    const made = await promo({ code: 'spring-10', kind: 'percent', percent: 10 })
    expect(made).toMatchObject({ code: 'SPRING-10', percent: 10, currency: 'KZT', redeemedCount: 0, active: true })
    expect((await call(base, 'POST', '/api/admin/billing/promo-codes', { token: admin.accessToken, body: { code: 'SPRING-10', kind: 'fixed', amountMinor: 100 } })).status).toBe(409)
    const badShape = await call(base, 'POST', '/api/admin/billing/promo-codes', { token: admin.accessToken, body: { code: 'X-1', kind: 'percent', amountMinor: 100 } })
    expect(badShape.status).toBe(400)
    const u = await activeUser(base)
    expect((await call(base, 'POST', '/api/admin/billing/promo-codes', { token: u.accessToken, body: { code: 'MINE', kind: 'percent', percent: 100 } })).status).toBe(403)
    expect((await call(base, 'GET', '/api/admin/billing/promo-codes', { token: u.accessToken })).status).toBe(403)
  })

  it('takes its share off the order, as typed in any case; moves between the person’s unpaid orders; used up once paid', async () => {
    await promo({ code: 'TENOFF', kind: 'percent', percent: 10 })
    const u = await activeUser(base)
    const first = await planOrder(u)
    const on = await apply(u, first, '  tenoff ')
    expect(on.status, JSON.stringify(on.body)).toBe(200)
    expect(on.body).toMatchObject({ subtotalMinor: 490_000, discountMinor: 49_000, totalMinor: 441_000, cardMinor: 441_000, promoCode: 'TENOFF' })
    expect(on.body.history.at(-1).reason).toBe('Promo code TENOFF applied')

    // The same code on a second order moves it there: the first is back at full price, one place is held.
    const second = await planOrder(u)
    expect((await apply(u, second, 'TENOFF')).body.totalMinor).toBe(441_000)
    expect((await call(base, 'GET', `/api/billing/orders/${first}`, { token: u.accessToken })).body).toMatchObject({ totalMinor: 490_000, discountMinor: 0, promoCode: null })
    expect((await useDb().promoCode.findUniqueOrThrow({ where: { code: 'TENOFF' } })).redeemedCount).toBe(1)

    // Paid with the discount; on a third order the code is used up for this person.
    await credit(u, 441_000)
    expect((await call(base, 'POST', `/api/billing/orders/${second}/balance-part`, { token: u.accessToken, body: { useBalanceMinor: 441_000 } })).status).toBe(200)
    const paid = await call(base, 'POST', `/api/billing/orders/${second}/pay-balance`, { token: u.accessToken })
    expect(paid.body).toMatchObject({ status: 'paid', totalMinor: 441_000 })
    const outbox = await useDb().$queryRaw<{ amount: string }[]>`SELECT payload->>'amount' AS amount FROM event_outbox WHERE name = 'OrderPaid' AND payload->>'orderId' = ${second}`
    expect(outbox).toEqual([{ amount: '4410.00' }])
    const used = await apply(u, first, 'TENOFF')
    expect(used.status).toBe(400)
    expect(reason(used)).toBe('promo_used')
  })

  it('a limit of two: of six people applying at once exactly two get it; taking it off gives the place back', async () => {
    await promo({ code: 'TWO', kind: 'fixed', amountMinor: 100_000, maxRedemptions: 2 })
    const people = await Promise.all(Array.from({ length: 6 }, () => activeUser(base)))
    const orders = await Promise.all(people.map((p) => planOrder(p)))
    const answers = await Promise.all(people.map((p, i) => apply(p, orders[i]!, 'TWO')))
    expect(answers.filter((a) => a.status === 200)).toHaveLength(2)
    expect(answers.filter((a) => a.status === 400).map(reason)).toEqual(['promo_exhausted', 'promo_exhausted', 'promo_exhausted', 'promo_exhausted'])
    expect((await useDb().promoCode.findUniqueOrThrow({ where: { code: 'TWO' } })).redeemedCount).toBe(2)

    const holder = answers.findIndex((a) => a.status === 200)
    const off = await call(base, 'DELETE', `/api/billing/orders/${orders[holder]}/promo`, { token: people[holder]!.accessToken })
    expect(off.body).toMatchObject({ totalMinor: 490_000, promoCode: null })
    const waiting = answers.findIndex((a) => a.status === 400)
    expect((await apply(people[waiting]!, orders[waiting]!, 'two')).body.totalMinor).toBe(390_000)
  })

  it('refuses what it cannot discount or when it is not valid; a code of 100% makes the order free to confirm', async () => {
    await promo({ code: 'LATER', kind: 'percent', percent: 50, validFrom: new Date(Date.now() + 86_400_000).toISOString() })
    await promo({ code: 'GONE', kind: 'percent', percent: 50, validUntil: new Date(Date.now() - 1000).toISOString(), validFrom: new Date(Date.now() - 86_400_000).toISOString() })
    await promo({ code: 'OFF', kind: 'percent', percent: 50 })
    await promo({ code: 'FREE', kind: 'percent', percent: 100 })
    expect((await call(base, 'POST', '/api/admin/billing/promo-codes/OFF/active', { token: admin.accessToken, body: { active: false } })).body.active).toBe(false)
    const u = await activeUser(base)
    const order = await planOrder(u)
    for (const [code, why] of [['LATER', 'promo_not_started'], ['GONE', 'promo_expired'], ['OFF', 'promo_invalid'], ['NOPE', 'promo_invalid']] as const) {
      const r = await apply(u, order, code)
      expect(r.status, code).toBe(400)
      expect(reason(r), code).toBe(why)
    }
    expect((await apply(u, order, 'bad code!')).status).toBe(400)

    const topup = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'topup', amountMinor: 500_000 }] } })
    const r = await apply(u, topup.body.id, 'FREE')
    expect(reason(r)).toBe('promo_not_applicable')

    // Another person's order is not found; an order whose card payment is under way cannot change.
    const other = await activeUser(base)
    expect((await apply(other, order, 'FREE')).status).toBe(404)
    await useDb().order.update({ where: { id: order }, data: { status: 'pending' } })
    expect((await apply(u, order, 'FREE')).status).toBe(409)
    await useDb().order.update({ where: { id: order }, data: { status: 'created' } })

    const free = await apply(u, order, 'FREE')
    expect(free.body).toMatchObject({ totalMinor: 0, cardMinor: 0, discountMinor: 490_000 })
    const paid = await call(base, 'POST', `/api/billing/orders/${order}/pay-balance`, { token: u.accessToken })
    expect(paid.status, JSON.stringify(paid.body)).toBe(200)
    expect(paid.body.status).toBe('paid')
  })
  it('an order left unpaid expires after BILLING_ORDER_TTL_HOURS (72): its code goes back to the limit, it cannot be paid; fresh and pending orders stay', async () => {
    await promo({ code: 'ONLYONE', kind: 'fixed', amountMinor: 10_000, maxRedemptions: 1 })
    const a = await activeUser(base)
    const b = await activeUser(base)
    const stale = await planOrder(a)
    expect((await apply(a, stale, 'ONLYONE')).status).toBe(200)
    const bOrder = await planOrder(b)
    expect(reason(await apply(b, bOrder, 'ONLYONE'))).toBe('promo_exhausted')
    const pending = await planOrder(a)
    await useDb().order.update({ where: { id: pending }, data: { status: 'pending' } })
    // Three days and a minute since each last moved (the clock is the job's argument, the rows' times are real).
    const now = new Date(Date.now() + 72 * 3600_000 + 60_000)
    const fresh = await planOrder(a)
    await useDb().$executeRaw`UPDATE billing_orders SET updated_at = now() + interval '72 hours' WHERE id = ${fresh}::uuid`

    const r = await expireStaleOrders(now)
    expect(r.expired).toBeGreaterThanOrEqual(2) // a's stale order and b's (other tests' orders in this schema may expire too)
    const after = (await call(base, 'GET', `/api/billing/orders/${stale}`, { token: a.accessToken })).body
    expect(after).toMatchObject({ status: 'expired', statusReason: 'This order was not paid in time; place a new one.' })
    expect(after.history.at(-1)).toMatchObject({ from: 'created', to: 'expired' })
    const pay = await call(base, 'POST', `/api/billing/orders/${stale}/pay-balance`, { token: a.accessToken })
    expect(pay.status).toBe(409)
    expect(pay.body.error.params?.reason).toBe('order_expired')
    for (const id of [pending, fresh]) expect((await useDb().order.findUniqueOrThrow({ where: { id } })).status).toBe(id === pending ? 'pending' : 'created')
    // The place it held is free again: b, whose order expired with it, places a new one and gets the code.
    expect((await useDb().promoCode.findUniqueOrThrow({ where: { code: 'ONLYONE' } })).redeemedCount).toBe(0)
    const again = await planOrder(b)
    expect((await apply(b, again, 'ONLYONE')).status).toBe(200)
  })
})
