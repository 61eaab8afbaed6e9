import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resetConfigForTests } from '../../server/lib/config'
import { useDb } from '../../server/lib/db'
import { listeners, reconcilePendingPayments } from '../../server/domains/billing'
import { activeUser, call, setupAuthTest, spawnSecondInstance, type TAuthTestEnv } from '../helpers/auth'
import { startFakeEpay, type TFakeEpay } from '../fakes/epay'

// Billing's card payments against a fake Epay that speaks the protocol (token, status,
// refund; callbacks as JSON POSTs to our postLink), on the real routes, PostgreSQL and Redis.
const CREDS = { clientId: 'd24-test', clientSecret: 'fake-epay-secret-0123456789', terminal: '67e34d63-102f-4bd1-898e-370781d0074d' }
const BACK = { backPath: '/billing/result', failurePath: '/billing/result?failed=1', language: 'ru' }

let t: TAuthTestEnv
let base: string
let epay: TFakeEpay

beforeAll(async () => {
  epay = await startFakeEpay(CREDS)
  t = await setupAuthTest('billing_epay', 'kz', ['auth', 'billing'])
  base = t.app.url
  Object.assign(process.env, epayEnv())
  resetConfigForTests()
})

afterAll(async () => {
  for (const k of ['PUBLIC_URL', 'EPAY_OAUTH_URL', 'EPAY_API_URL', 'EPAY_CLIENT_ID', 'EPAY_CLIENT_SECRET', 'EPAY_TERMINAL_ID']) delete process.env[k]
  await t?.teardown()
  await epay?.close()
})

function epayEnv(): Record<string, string> {
  return {
    PUBLIC_URL: base,
    EPAY_OAUTH_URL: epay.url,
    EPAY_API_URL: epay.url,
    EPAY_CLIENT_ID: CREDS.clientId,
    EPAY_CLIENT_SECRET: CREDS.clientSecret,
    EPAY_TERMINAL_ID: CREDS.terminal,
  }
}

type TUser = Awaited<ReturnType<typeof activeUser>>

async function topUpOrder(u: TUser, amountMinor = 500_000): Promise<string> {
  const r = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'topup', amountMinor }] } })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body.id
}

async function startPayment(u: TUser, orderId: string): Promise<{ invoiceId: string; body: any }> {
  const r = await call(base, 'POST', `/api/billing/payment/epay/${orderId}`, { token: u.accessToken, body: BACK })
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  return { invoiceId: r.body.invoiceId, body: r.body }
}

const orderOf = (u: TUser, id: string) => call(base, 'GET', `/api/billing/orders/${id}`, { token: u.accessToken })
const balanceOf = async (u: TUser) => (await call(base, 'GET', '/api/billing/balance', { token: u.accessToken })).body.balanceMinor as number
const paidEvents = (orderId: string) =>
  useDb().$queryRaw<{ payload: any }[]>`SELECT payload FROM event_outbox WHERE name = 'OrderPaid' AND payload->>'orderId' = ${orderId}`

describe('paying an order by card', () => {
  it('token bound to the invoice → payment page object → callback confirmed by status → paid once, balance credited, OrderPaid in the outbox', async () => {
    const u = await activeUser(base)
    const orderId = await topUpOrder(u, 500_000)
    const { invoiceId, body } = await startPayment(u, orderId)
    expect(body.driver).toBe('live')
    expect(body.paymentObject).toMatchObject({ invoiceId, amount: 5000, currency: 'KZT', terminal: CREDS.terminal, postLink: `${base}/api/billing/epay/postlink` })
    expect(body.paymentObject.auth.access_token).toEqual(expect.any(String))
    expect((await orderOf(u, orderId)).body.status).toBe('pending')
    // Epay was asked for a token bound to this invoice and amount.
    expect(epay.emulator.invoices.get(invoiceId)).toMatchObject({ amountMinor: 500_000, currency: 'KZT', postLink: `${base}/api/billing/epay/postlink` })

    const paid = await epay.pay(invoiceId, 'success')
    expect(paid.status).toBe(200)
    expect(paid.body).toEqual({ outcome: 'paid' })
    const order = (await orderOf(u, orderId)).body
    expect(order.status).toBe('paid')
    expect(order.history.map((h: any) => h.to)).toEqual(['created', 'pending', 'paid'])
    expect(await balanceOf(u)).toBe(500_000)
    const events = await paidEvents(orderId)
    expect(events.map((e) => e.payload)).toEqual([{ orderId, userId: u.userId, amount: '5000.00', currency: 'KZT', items: [{ kind: 'topup', ref: null }] }])
    // The success was confirmed with Epay's status API before anything moved.
    expect(epay.emulator.calls.some((c) => c.op === 'status' && c.invoiceId === invoiceId && c.status === 200)).toBe(true)
  })

  it('100 concurrent identical callbacks, half to another web process, credit exactly once', async () => {
    const u = await activeUser(base)
    const orderId = await topUpOrder(u, 250_000)
    const { invoiceId } = await startPayment(u, orderId)
    const { callback } = await epay.pay(invoiceId, 'success', { deliver: false })
    // Within a process repeats wait for the first; across processes only the order's row lock decides.
    const second = await spawnSecondInstance({ ...t.env, ...epayEnv() }, ['billing'])
    try {
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          fetch((i % 2 ? second.url : base) + '/api/billing/epay/postlink', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(callback.body),
          }).then(async (r) => ({ status: r.status, body: (await r.json()) as { outcome: string } })),
        ),
      )
      expect(answers.filter((a) => a.status !== 200)).toEqual([])
      expect(answers.filter((a) => a.body.outcome === 'paid')).toHaveLength(1)
      expect(answers.filter((a) => a.body.outcome === 'already_paid')).toHaveLength(99)
    } finally {
      await second.stop()
    }
    expect(await balanceOf(u)).toBe(250_000)
    expect(await paidEvents(orderId)).toHaveLength(1)
    expect(await useDb().ledgerTransfer.count({ where: { orderId } })).toBe(1)
    expect(await useDb().orderEvent.count({ where: { orderId, toStatus: 'paid' } })).toBe(1)
  }, 60_000)

  it('a failure callback after the success (out of order) leaves the order paid', async () => {
    const u = await activeUser(base)
    const orderId = await topUpOrder(u)
    const { invoiceId } = await startPayment(u, orderId)
    const { callback } = await epay.pay(invoiceId, 'success')
    const late = await call(base, 'POST', '/api/billing/epay/failure', { body: { ...callback.body, code: 'error', reason: 'Declined' } })
    expect(late.status).toBe(200)
    expect(late.body.outcome).toBe('ignored')
    expect((await orderOf(u, orderId)).body.status).toBe('paid')
    expect(await balanceOf(u)).toBe(500_000)
  })

  it('a declined payment fails the order with the reason, and it can be paid again with a new invoice', async () => {
    const u = await activeUser(base)
    const orderId = await topUpOrder(u)
    const first = await startPayment(u, orderId)
    const declined = await epay.pay(first.invoiceId, 'decline', { details: { reason: 'Insufficient funds' } })
    expect(declined.callback.url).toBe(`${base}/api/billing/epay/failure`)
    expect(declined.body).toEqual({ outcome: 'failed' })
    const failed = (await orderOf(u, orderId)).body
    expect(failed).toMatchObject({ status: 'failed', statusReason: 'Insufficient funds' })
    const second = await startPayment(u, orderId)
    expect(second.invoiceId).not.toBe(first.invoiceId)
    expect((await epay.pay(second.invoiceId, 'success')).body).toEqual({ outcome: 'paid' })
    expect(await balanceOf(u)).toBe(500_000)
  })
})

describe('two attempts for one order', () => {
  it('both paid (two tabs): the order is paid once, the second card payment goes to the balance', async () => {
    const u = await activeUser(base)
    const orderId = await topUpOrder(u, 100_000)
    const first = await startPayment(u, orderId)
    const second = await startPayment(u, orderId)
    expect((await epay.pay(second.invoiceId, 'success')).body).toEqual({ outcome: 'paid' })
    expect((await epay.pay(first.invoiceId, 'success')).body).toEqual({ outcome: 'already_paid' })
    const order = (await orderOf(u, orderId)).body
    expect(order.status).toBe('paid')
    expect(order.history.filter((h: any) => h.to === 'paid')).toHaveLength(1)
    // 100,000 bought plus the 100,000 charged a second time: nothing the person paid is lost.
    expect(await balanceOf(u)).toBe(200_000)
    expect(await paidEvents(orderId)).toHaveLength(1)
  })
})

describe('callbacks that are refused', () => {
  it('wrong amount, wrong currency or a missing secret → 400, logged, order untouched; unknown invoice → 404', async () => {
    const u = await activeUser(base)
    const orderId = await topUpOrder(u)
    const { invoiceId } = await startPayment(u, orderId)
    const { callback } = await epay.pay(invoiceId, 'success', { deliver: false })
    const send = (body: Record<string, unknown>) => call(base, 'POST', '/api/billing/epay/postlink', { body })
    expect((await send({ ...callback.body, amount: 1 })).status).toBe(400)
    expect((await send({ ...callback.body, currency: 'USD' })).status).toBe(400)
    expect((await send({ ...callback.body, secret_hash: 'guess' })).status).toBe(400)
    const { secret_hash: _s, ...noSecret } = callback.body
    expect((await send(noSecret)).status).toBe(400)
    expect((await send({ ...callback.body, invoiceId: '999999999' })).status).toBe(404)
    expect((await orderOf(u, orderId)).body.status).toBe('pending')
    expect(await balanceOf(u)).toBe(0)
    const payment = await useDb().payment.findFirstOrThrow({ where: { orderId } })
    expect((payment.log as any[]).filter((l) => l.refused).map((l) => l.refused)).toEqual([
      'amount does not match the payment',
      'currency does not match the payment',
      'secret_hash does not match',
      'secret_hash does not match',
    ])
    // The genuine callback still settles it.
    expect((await send(callback.body)).body).toEqual({ outcome: 'paid' })
  })

  it('a success callback Epay’s status does not confirm moves nothing', async () => {
    const u = await activeUser(base)
    const orderId = await topUpOrder(u)
    const { invoiceId } = await startPayment(u, orderId)
    // A forged "ok" with the right secret but no payment at Epay (status: invoice not found).
    const forged = await epay.pay(invoiceId, 'success', { deliver: false })
    epay.emulator.invoices.get(invoiceId)!.transactionIds.length = 0
    const r = await call(base, 'POST', '/api/billing/epay/postlink', { body: forged.callback.body })
    expect(r.status).toBe(200)
    expect(r.body.outcome).toBe('pending')
    expect((await orderOf(u, orderId)).body.status).toBe('pending')
    expect(await balanceOf(u)).toBe(0)
  })
})

describe('orders belong to their person', () => {
  it('another person’s order: 404 to read and to pay', async () => {
    const owner = await activeUser(base)
    const other = await activeUser(base)
    const orderId = await topUpOrder(owner)
    expect((await orderOf(other, orderId)).status).toBe(404)
    expect((await call(base, 'POST', `/api/billing/payment/epay/${orderId}`, { token: other.accessToken, body: BACK })).status).toBe(404)
    expect((await call(base, 'GET', '/api/billing/orders', { token: other.accessToken })).body.items).toEqual([])
  })

  it('prices come from the server: a top-up below the minimum or a balance part above the balance is refused', async () => {
    const u = await activeUser(base)
    const low = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'topup', amountMinor: 5 }] } })
    expect(low.status).toBe(400)
    const float = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'topup', amountMinor: 1000.5 }] } })
    expect(float.status).toBe(400)
    const overdraw = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'topup', amountMinor: 1000 }], useBalanceMinor: 10 } })
    expect(overdraw.status).toBe(400)
    expect(await useDb().order.count({ where: { userId: u.userId } })).toBe(0)
  })
})

describe('when Epay does not answer', () => {
  it('the order stays pending with a reason the person can read, and the call answers 503', async () => {
    const u = await activeUser(base)
    const orderId = await topUpOrder(u)
    process.env.EPAY_OAUTH_URL = 'http://127.0.0.1:9' // nothing listens there
    resetConfigForTests()
    try {
      const r = await call(base, 'POST', `/api/billing/payment/epay/${orderId}`, { token: u.accessToken, body: BACK })
      expect(r.status).toBe(503)
    } finally {
      process.env.EPAY_OAUTH_URL = epay.url
      resetConfigForTests()
    }
    const order = (await orderOf(u, orderId)).body
    expect(order.status).toBe('pending')
    expect(order.statusReason).toMatch(/did not answer/)
  })

  it('the reconciliation job settles a payment whose callback never came', async () => {
    const u = await activeUser(base)
    const orderId = await topUpOrder(u, 300_000)
    const { invoiceId } = await startPayment(u, orderId)
    await epay.pay(invoiceId, 'success', { deliver: false })
    // Too fresh to be asked about yet.
    expect((await reconcilePendingPayments(new Date())).settled).toBe(0)
    const later = await reconcilePendingPayments(new Date(Date.now() + 5 * 60 * 1000))
    expect(later.settled).toBeGreaterThanOrEqual(1)
    expect((await orderOf(u, orderId)).body.status).toBe('paid')
    expect(await balanceOf(u)).toBe(300_000)
    expect(await paidEvents(orderId)).toHaveLength(1)
  })
})

describe('balance', () => {
  it('the welcome bonus is granted once when UserActivated arrives twice', async () => {
    const u = await activeUser(base)
    const handler = listeners.handlers.UserActivated!
    const payload = { userId: u.userId, email: null, phone: null, locale: 'ru' }
    for (let i = 0; i < 2; i++) {
      await useDb().$transaction(async (tx) =>
        handler(payload, { eventId: `e-${i}`, name: 'UserActivated', version: 1, publisher: 'auth', publishedAt: new Date(), attempt: 1, tx }),
      )
    }
    expect(await balanceOf(u)).toBe(50_000)
    const entries = (await call(base, 'GET', '/api/billing/balance', { token: u.accessToken })).body.entries
    expect(entries).toEqual([expect.objectContaining({ amountMinor: 50_000, reason: 'welcome_bonus' })])
  })

  it('a top-up cannot be paid from the balance (money would go round in a circle)', async () => {
    const u = await activeUser(base)
    const topup = await topUpOrder(u, 200_000)
    await epay.pay((await startPayment(u, topup)).invoiceId, 'success')
    expect(await balanceOf(u)).toBe(200_000)
    const r = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'topup', amountMinor: 300_000 }], useBalanceMinor: 100_000 } })
    expect(r.status).toBe(400)
    expect(r.body.error.fields.map((f: { code: string }) => f.code)).toEqual(['balance_for_topup'])
    expect(await balanceOf(u)).toBe(200_000)
  })
})
