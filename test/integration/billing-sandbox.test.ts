import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import path from 'node:path'
import { createRouter, toNodeListener, type EventHandler } from 'h3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDb, useDb } from '../../server/lib/db'
import { closeRedis } from '../../server/lib/redis'
import { resetConfigForTests } from '../../server/lib/config'
import { SANDBOX_CARDS } from '../../shared/billing'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { createApiApp } from '../helpers/h3-app'
import { activeUser, call } from '../helpers/auth'

// Without Epay credentials: the sandbox Epay of this server (its HTTP protocol under
// /sandbox/epay) takes the payment, and its callback reaches our postLink over HTTP.
const ROOT = path.resolve(import.meta.dirname, '../..')
const SANDBOX_ROUTES: Array<[string, 'get' | 'post', string]> = [
  ['/sandbox/epay/oauth2/token', 'post', 'server/routes/sandbox/epay/oauth2/token.post.ts'],
  ['/sandbox/epay/check-status/payment/transaction/:invoiceId', 'get', 'server/routes/sandbox/epay/check-status/payment/transaction/[invoiceId].get.ts'],
  ['/sandbox/epay/operation/:id/refund', 'post', 'server/routes/sandbox/epay/operation/[id]/refund.post.ts'],
  ['/sandbox/epay/operation/:id/cancel', 'post', 'server/routes/sandbox/epay/operation/[id]/cancel.post.ts'],
]

let db: Awaited<ReturnType<typeof createTestDatabase>>
let base: string
let close: () => Promise<void>

beforeAll(async () => {
  db = await createTestDatabase('billing_sandbox')
  Object.assign(process.env, { DATABASE_URL: db.url, REDIS_PREFIX: testRedisPrefix('billing_sandbox'), REGION: 'kz', REGISTER_IP_LIMIT: '1000', TRUST_PROXY: '1', NODE_ENV: 'test', LOG_LEVEL: 'error' })
  for (const k of ['EPAY_CLIENT_ID', 'EPAY_CLIENT_SECRET', 'EPAY_TERMINAL_ID']) delete process.env[k]
  resetConfigForTests()
  const { app } = await createApiApp(['auth', 'billing'])
  const router = createRouter()
  for (const [route, method, file] of SANDBOX_ROUTES) {
    const mod = (await import(pathToFileURL(path.join(ROOT, file)).href)) as { default: EventHandler }
    router.add(route, mod.default, method)
  }
  app.use(router)
  const server = createServer(toNodeListener(app))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  process.env.PUBLIC_URL = base
  resetConfigForTests()
  close = () => new Promise<void>((r) => server.close(() => r()))
})

afterAll(async () => {
  delete process.env.PUBLIC_URL
  await close?.()
  await closeRedis()
  await closeDb()
  await db?.drop()
})

const CARD = { expiry: '12/30', cvc: '123', backPath: '/billing?paid=1', failurePath: '/billing?failed=1' }

async function pendingTopUp(amountMinor = 200_000) {
  const u = await activeUser(base)
  const order = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'topup', amountMinor }] } })
  const start = await call(base, 'POST', `/api/billing/payment/epay/${order.body.id}`, { token: u.accessToken, body: { backPath: '/billing', failurePath: '/billing', language: 'kk' } })
  expect(start.status, JSON.stringify(start.body)).toBe(200)
  return { u, orderId: order.body.id as string, start: start.body }
}

describe('the sandbox Epay', () => {
  it('sends the browser to our payment page; the test card pays; the callback came over HTTP and the order is paid', async () => {
    const { u, orderId, start } = await pendingTopUp()
    expect(start).toMatchObject({ driver: 'sandbox', paymentObject: null, scriptUrl: null })
    expect(start.redirectUrl).toBe(`/kk/billing/pay/${start.invoiceId}?back=%2Fbilling&failure=%2Fbilling`)
    const inv = await call(base, 'GET', `/api/billing/sandbox/pay/${start.invoiceId}`, { token: u.accessToken })
    expect(inv.body).toEqual({ invoiceId: start.invoiceId, orderId, amountMinor: 200_000, currency: 'KZT', status: 'pending' })
    const paid = await call(base, 'POST', `/api/billing/sandbox/pay/${start.invoiceId}`, { token: u.accessToken, body: { cardNumber: SANDBOX_CARDS.success, ...CARD } })
    expect(paid.body).toEqual({ outcome: 'success', callbackStatus: 200, redirectPath: '/billing?paid=1' })
    const order = await call(base, 'GET', `/api/billing/orders/${orderId}`, { token: u.accessToken })
    expect(order.body.status).toBe('paid')
    expect((await call(base, 'GET', '/api/billing/balance', { token: u.accessToken })).body.balanceMinor).toBe(200_000)
    const payment = await useDb().payment.findFirstOrThrow({ where: { orderId } })
    expect(payment).toMatchObject({ status: 'succeeded', cardMask: '440043******0000' })
    // Paying again is refused: the invoice is closed.
    expect((await call(base, 'POST', `/api/billing/sandbox/pay/${start.invoiceId}`, { token: u.accessToken, body: { cardNumber: SANDBOX_CARDS.success, ...CARD } })).status).toBe(409)
  })

  it('the decline card fails the order with the reason; the 3-D Secure card asks for its code first', async () => {
    const a = await pendingTopUp()
    const declined = await call(base, 'POST', `/api/billing/sandbox/pay/${a.start.invoiceId}`, { token: a.u.accessToken, body: { cardNumber: SANDBOX_CARDS.decline, ...CARD } })
    expect(declined.body).toMatchObject({ outcome: 'decline', redirectPath: '/billing?failed=1' })
    expect((await call(base, 'GET', `/api/billing/orders/${a.orderId}`, { token: a.u.accessToken })).body).toMatchObject({ status: 'failed', statusReason: 'Insufficient funds (sandbox test card)' })

    const b = await pendingTopUp()
    const no3ds = await call(base, 'POST', `/api/billing/sandbox/pay/${b.start.invoiceId}`, { token: b.u.accessToken, body: { cardNumber: SANDBOX_CARDS.secure3d, ...CARD } })
    expect(no3ds.status).toBe(400)
    expect(no3ds.body.error.fields.map((f: { code: string }) => f.code)).toEqual(['code3ds_required'])
    const ok = await call(base, 'POST', `/api/billing/sandbox/pay/${b.start.invoiceId}`, { token: b.u.accessToken, body: { cardNumber: SANDBOX_CARDS.secure3d, code3ds: '123456', ...CARD } })
    expect(ok.body.outcome).toBe('success')
  })

  it('someone else’s invoice is not found; the protocol paths refuse a wrong client secret', async () => {
    const { start } = await pendingTopUp()
    const stranger = await activeUser(base)
    expect((await call(base, 'GET', `/api/billing/sandbox/pay/${start.invoiceId}`, { token: stranger.accessToken })).status).toBe(404)
    expect((await call(base, 'POST', `/api/billing/sandbox/pay/${start.invoiceId}`, { token: stranger.accessToken, body: { cardNumber: SANDBOX_CARDS.success, ...CARD } })).status).toBe(404)
    const token = await fetch(`${base}/sandbox/epay/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'payment', client_id: 'dogovor24-sandbox', client_secret: 'guess' }),
    })
    expect(token.status).toBe(401)
    // A form is read within 64 KiB, declared or chunked; a multipart form works as Epay's does.
    const big = await fetch(`${base}/sandbox/epay/oauth2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', pad: 'x'.repeat(70_000) }) })
    expect(big.status).toBe(413)
    const chunked = await fetch(`${base}/sandbox/epay/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(`pad=${'x'.repeat(70_000)}`)), c.close()) }),
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(413)
    const form = new FormData()
    for (const [k, v] of Object.entries({ grant_type: 'client_credentials', scope: 'payment', client_id: 'dogovor24-sandbox', client_secret: 'guess' })) form.append(k, v)
    expect((await fetch(`${base}/sandbox/epay/oauth2/token`, { method: 'POST', body: form })).status).toBe(401)
  })
})
