import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { extractText } from 'unpdf'
import { resetConfigForTests } from '../../server/lib/config'
import { useDb } from '../../server/lib/db'
import { formatMoney } from '../../shared/money'
import { activeUser, call, setupAuthTest, type TAuthTestEnv } from '../helpers/auth'
import { startFakeEpay, type TFakeEpay } from '../fakes/epay'
import { validBin } from '../helpers/identity'

// Receipts (PDF) and the admin's orders and refunds, on the real routes, PostgreSQL and
// Redis, with card payments and refunds against a fake Epay that speaks the protocol
// (set up as in billing-epay.test.ts).
const CREDS = { clientId: 'd24-test', clientSecret: 'fake-epay-secret-0123456789', terminal: '67e34d63-102f-4bd1-898e-370781d0074d' }
const BACK = { backPath: '/billing/result', failurePath: '/billing/result?failed=1', language: 'ru' }

let t: TAuthTestEnv
let base: string
let epay: TFakeEpay
type TUser = Awaited<ReturnType<typeof activeUser>>
let admin: TUser

beforeAll(async () => {
  epay = await startFakeEpay(CREDS)
  t = await setupAuthTest('billing_admin', 'kz', ['auth', 'billing', 'admin/billing'])
  base = t.app.url
  Object.assign(process.env, {
    PUBLIC_URL: base,
    EPAY_OAUTH_URL: epay.url,
    EPAY_API_URL: epay.url,
    EPAY_CLIENT_ID: CREDS.clientId,
    EPAY_CLIENT_SECRET: CREDS.clientSecret,
    EPAY_TERMINAL_ID: CREDS.terminal,
  })
  resetConfigForTests()
  admin = await activeUser(base)
  await useDb().user.update({ where: { id: admin.userId }, data: { roles: ['user', 'admin'] } })
})

afterAll(async () => {
  for (const k of ['PUBLIC_URL', 'EPAY_OAUTH_URL', 'EPAY_API_URL', 'EPAY_CLIENT_ID', 'EPAY_CLIENT_SECRET', 'EPAY_TERMINAL_ID']) delete process.env[k]
  await t?.teardown()
  await epay?.close()
})

async function topUpOrder(u: TUser, amountMinor: number): Promise<string> {
  const r = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'topup', amountMinor }] } })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body.id
}

/** A top-up paid by card: token, the payer on Epay's page, the callback confirmed by status. */
async function paidByCard(u: TUser, amountMinor: number): Promise<{ orderId: string; invoiceId: string }> {
  const orderId = await topUpOrder(u, amountMinor)
  const start = await call(base, 'POST', `/api/billing/payment/epay/${orderId}`, { token: u.accessToken, body: BACK })
  expect(start.status, JSON.stringify(start.body)).toBe(200)
  const paid = await epay.pay(start.body.invoiceId, 'success', { details: { cardMask: '440043******1234' } })
  expect(paid.body).toEqual({ outcome: 'paid' })
  return { orderId, invoiceId: start.body.invoiceId }
}

async function receipt(u: TUser, orderId: string, query = ''): Promise<Response> {
  return fetch(`${base}/api/billing/orders/${orderId}/receipt${query}`, { headers: { authorization: `Bearer ${u.accessToken}` } })
}

async function pdfText(res: Response): Promise<string> {
  const bytes = new Uint8Array(await res.arrayBuffer())
  expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-')
  const { text } = await extractText(bytes, { mergePages: true })
  return text.replace(/[\s\u00a0]+/g, ' ')
}

/** formatMoney's text as the PDF shows it: the tenge sign, or KZT on a machine without a font that has it. */
const printed = (minor: number, lang: string) => {
  const m = formatMoney(minor, 'KZT', lang).replace(/\u00a0/g, ' ')
  return [m, m.replace('₸', 'KZT')]
}

const refund = (orderId: string, body: Record<string, unknown>, token = admin.accessToken) =>
  call(base, 'POST', `/api/admin/billing/orders/${orderId}/refund`, { token, body })
const adminOrder = async (orderId: string) => (await call(base, 'GET', `/api/admin/billing/orders/${orderId}`, { token: admin.accessToken })).body
const balanceOf = async (u: TUser) => (await call(base, 'GET', '/api/billing/balance', { token: u.accessToken })).body.balanceMinor as number
const chargeOf = (invoiceId: string) => {
  const ids = epay.emulator.invoices.get(invoiceId)!.transactionIds
  return epay.emulator.transactions.get(ids[ids.length - 1]!)!
}

describe('receipts', () => {
  it('a paid order: a PDF attachment with the total, the card and the invoice, in Kazakh on ?lang=kk, else in the person’s language', async () => {
    const u = await activeUser(base)
    const { orderId, invoiceId } = await paidByCard(u, 1_234_550)

    const kk = await receipt(u, orderId, '?lang=kk')
    expect(kk.status).toBe(200)
    expect(kk.headers.get('content-type')).toBe('application/pdf')
    expect(kk.headers.get('content-disposition')).toBe(`attachment; filename="receipt-${orderId.slice(0, 8)}.pdf"`)
    const text = await pdfText(kk)
    expect(text).toContain('Төлем туралы түбіртек')
    expect(text).toMatch(/[әғқңөұүһі]/)
    expect(printed(1_234_550, 'kk').some((m) => text.includes(m)), text).toBe(true)
    expect(text).toContain(`${orderId.slice(0, 8).toUpperCase()}-${invoiceId}`)
    expect(text).toContain('440043******1234')

    // Without ?lang: the person's language (ru at sign-up).
    const ru = await pdfText(await receipt(u, orderId))
    expect(ru).toContain('Квитанция об оплате')
    expect(printed(1_234_550, 'ru').some((m) => ru.includes(m))).toBe(true)
    expect((await receipt(u, orderId, '?lang=de')).status).toBe(400)
  })

  it('another person’s order is not found; an unpaid one has no receipt yet', async () => {
    const owner = await activeUser(base)
    const other = await activeUser(base)
    const { orderId } = await paidByCard(owner, 100_000)
    expect((await receipt(other, orderId)).status).toBe(404)
    const unpaid = await topUpOrder(owner, 100_000)
    const r = await receipt(owner, unpaid)
    expect(r.status).toBe(409)
    expect(((await r.json()) as { error: { messageKey: string } }).error.messageKey).toBe('errors.billing.receipt_not_paid')
  })
})

describe('admin orders', () => {
  it('lists by status and buyer (email or id), pages of at most 100; a non-admin is refused', async () => {
    const u = await activeUser(base)
    const { orderId: paid } = await paidByCard(u, 100_000)
    const created = await topUpOrder(u, 200_000)
    const list = async (q: string, token = admin.accessToken) => call(base, 'GET', `/api/admin/billing/orders?${q}`, { token })

    const byStatus = await list(`status=paid&email=${encodeURIComponent(u.email.toUpperCase())}`)
    expect(byStatus.status, JSON.stringify(byStatus.body)).toBe(200)
    expect(byStatus.body.items.map((o: { id: string }) => o.id)).toEqual([paid])
    expect(byStatus.body.items[0]).toMatchObject({ userId: u.userId, userEmail: u.email, status: 'paid', totalMinor: 100_000, cardMinor: 100_000, refundedMinor: 0 })
    expect((await list(`status=created&userId=${u.userId}`)).body.items.map((o: { id: string }) => o.id)).toEqual([created])
    const all = await list(`userId=${u.userId}&pageSize=1`)
    expect(all.body).toMatchObject({ total: 2, page: 1, pageSize: 1, items: [{ id: created }] })
    const today = new Date().toISOString().slice(0, 10)
    expect((await list(`userId=${u.userId}&from=2000-01-01&to=2000-01-02`)).body.total).toBe(0)
    expect((await list(`userId=${u.userId}&from=${today}`)).body.total).toBe(2)
    expect((await list('email=nobody-here@example.kz')).body.total).toBe(0)
    expect((await list('pageSize=101')).status).toBe(400)

    const detail = await adminOrder(paid)
    expect(detail.history.map((h: { to: string }) => h.to)).toEqual(['created', 'pending', 'paid'])
    expect(detail.payments).toHaveLength(1)
    expect(detail.payments[0].log.map((l: { op: string }) => l.op)).toEqual(['token', 'status:callback'])
    expect(detail.refundable).toEqual({ leftMinor: 100_000, cardLeftMinor: 100_000, balanceLeftMinor: 0 })

    expect((await list('status=paid', u.accessToken)).status).toBe(403)
    expect((await call(base, 'GET', `/api/admin/billing/orders/${paid}`, { token: u.accessToken })).status).toBe(403)
    expect((await refund(paid, { reason: 'mine' }, u.accessToken)).status).toBe(403)
  })
})

describe('refunds', () => {
  it('part of a card payment through Epay, then the rest: the order ends refunded, the top-up leaves the balance, history names the admin', async () => {
    const u = await activeUser(base)
    const { orderId, invoiceId } = await paidByCard(u, 500_000)
    expect(await balanceOf(u)).toBe(500_000)

    const part = await refund(orderId, { amountMinor: 200_000, reason: 'Customer asked for part back' })
    expect(part.status, JSON.stringify(part.body)).toBe(200)
    expect(part.body).toMatchObject({ status: 'paid', refundedMinor: 200_000, refundable: { leftMinor: 300_000, cardLeftMinor: 300_000, balanceLeftMinor: 0 } })
    expect(part.body.history.at(-1)).toMatchObject({ from: 'paid', to: 'paid', reason: 'Customer asked for part back', actorId: admin.userId, data: { kind: 'refund', refund: 1, amountMinor: 200_000, cardMinor: 200_000 } })
    expect(chargeOf(invoiceId)).toMatchObject({ refundedMinor: 200_000, statusName: 'CHARGE' })
    expect(await balanceOf(u)).toBe(300_000)
    expect(part.body.payments[0].log.at(-1)).toMatchObject({ op: 'refund', ok: true, amountMinor: 200_000, adminId: admin.userId })

    const rest = await refund(orderId, { reason: 'The rest as well' })
    expect(rest.status, JSON.stringify(rest.body)).toBe(200)
    expect(rest.body).toMatchObject({ status: 'refunded', refundedMinor: 500_000, refundable: { leftMinor: 0 } })
    expect(rest.body.history.at(-1)).toMatchObject({ from: 'paid', to: 'refunded', reason: 'The rest as well', actorId: admin.userId, data: { refund: 2, amountMinor: 300_000 } })
    expect(chargeOf(invoiceId)).toMatchObject({ refundedMinor: 500_000, statusName: 'REFUND' })
    expect(await balanceOf(u)).toBe(0)
    const keys = (await useDb().ledgerTransfer.findMany({ where: { orderId }, orderBy: { createdAt: 'asc' } })).map((x) => x.key)
    expect(keys).toEqual([`order:${orderId}:topup:${(await useDb().orderLine.findFirstOrThrow({ where: { orderId } })).id}`, `order:${orderId}:refund:1:topup`, `order:${orderId}:refund:2:topup`])

    // Refunded in full: the receipt says so; nothing more can be refunded.
    const text = await pdfText(await receipt(u, orderId, '?lang=en'))
    expect(text).toContain('refunded in full')
    expect((await refund(orderId, { reason: 'Once more' })).status).toBe(409)
  })

  it('an order paid partly from the balance and partly by card: the card part goes back first, then the balance part', async () => {
    const u = await activeUser(base)
    const db = useDb()
    // The rows settlePaid leaves for 1 500 ₸ of which 500 ₸ came from the balance and 1 000 ₸
    // by card, and Epay's charge (buying a document through the API would cost a lawyer and a template).
    const order = await db.order.create({
      data: {
        userId: u.userId, currency: 'KZT', totalMinor: 150_000, balanceMinor: 50_000, status: 'paid', paidAt: new Date(),
        lines: { create: [{ kind: 'document', ref: randomUUID(), title: 'Договор аренды', quantity: 1, unitMinor: 150_000, amountMinor: 150_000 }] },
      },
    })
    const txId = randomUUID()
    const payment = await db.payment.create({ data: { orderId: order.id, provider: 'epay', amountMinor: 100_000, currency: 'KZT', status: 'succeeded', transactionId: txId, cardMask: '440043******0000' } })
    await db.orderEvent.create({ data: { orderId: order.id, fromStatus: 'pending', toStatus: 'paid', reason: 'Paid by card (Epay)', data: { transactionId: txId } } })
    epay.emulator.transactions.set(txId, {
      id: txId, invoiceId: payment.seq.toString().padStart(9, '0'), amountMinor: 100_000, refundedMinor: 0, refunds: [], currency: 'KZT',
      terminal: CREDS.terminal, statusName: 'CHARGE', cardMask: '440043******0000', cardType: 'VISA', issuer: 'HALYK BANK', reference: '1', createdAt: Date.now(),
    })
    expect((await adminOrder(order.id)).refundable).toEqual({ leftMinor: 150_000, cardLeftMinor: 100_000, balanceLeftMinor: 50_000 })

    const first = await refund(order.id, { amountMinor: 120_000, reason: 'Most of it' })
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(first.body.history.at(-1).data).toMatchObject({ amountMinor: 120_000, cardMinor: 100_000, balanceMinor: 20_000 })
    expect(epay.emulator.transactions.get(txId)).toMatchObject({ refundedMinor: 100_000, statusName: 'REFUND' })
    expect(await balanceOf(u)).toBe(20_000)

    const refundCalls = epay.emulator.calls.filter((c) => c.op === 'refund').length
    const rest = await refund(order.id, { reason: 'The rest' })
    expect(rest.body).toMatchObject({ status: 'refunded', refundedMinor: 150_000 })
    expect(rest.body.history.at(-1).data).toMatchObject({ amountMinor: 30_000, cardMinor: 0, balanceMinor: 30_000 })
    // Nothing was left on the card: Epay was not asked.
    expect(epay.emulator.calls.filter((c) => c.op === 'refund')).toHaveLength(refundCalls)
    expect(await balanceOf(u)).toBe(50_000)
  })

  it('more than is left, a zero amount or a short reason is refused and changes nothing', async () => {
    const u = await activeUser(base)
    const { orderId } = await paidByCard(u, 100_000)
    const over = await refund(orderId, { amountMinor: 100_001, reason: 'Too much' })
    expect(over.status).toBe(409)
    expect(over.body.error.messageKey).toBe('errors.billing.refund_above_left')
    expect((await refund(orderId, { amountMinor: 0, reason: 'Zero' })).status).toBe(400)
    expect((await refund(orderId, { amountMinor: 1.5, reason: 'A float' })).status).toBe(400)
    expect((await refund(orderId, { reason: 'no' })).status).toBe(400)
    expect((await refund(orderId, {})).status).toBe(400)
    const unpaid = await topUpOrder(u, 100_000)
    expect((await refund(unpaid, { reason: 'Not paid' })).body.error.messageKey).toBe('errors.billing.order_not_paid')
    expect((await refund('00000000-0000-4000-8000-000000000000', { reason: 'Nobody' })).status).toBe(404)
    const after = await adminOrder(orderId)
    expect(after).toMatchObject({ status: 'paid', refundedMinor: 0 })
    expect(after.history).toHaveLength(3)
  })

  it('Epay refusing: 502 with its message, the order untouched, only a line in the provider log', async () => {
    const u = await activeUser(base)
    const { orderId, invoiceId } = await paidByCard(u, 300_000)
    // Refunded meanwhile in Epay's own cabinet: Epay refuses any more.
    chargeOf(invoiceId).refundedMinor = 300_000
    const r = await refund(orderId, { amountMinor: 100_000, reason: 'Customer asked' })
    expect(r.status).toBe(502)
    expect(r.body.error.messageKey).toBe('errors.billing.refund_provider_refused')
    expect(r.body.error.message).toMatch(/exceeds what is left of the charge/)
    const after = await adminOrder(orderId)
    expect(after).toMatchObject({ status: 'paid', refundedMinor: 0 })
    expect(after.history.map((h: { to: string }) => h.to)).toEqual(['created', 'pending', 'paid'])
    expect(after.payments[0].log.at(-1)).toMatchObject({ op: 'refund', ok: false, amountMinor: 100_000, adminId: admin.userId })
    expect(await balanceOf(u)).toBe(300_000)
    expect(await useDb().ledgerTransfer.count({ where: { orderId } })).toBe(1)
  })

  it('11 refunds at once of a tenth each never give back more than the order total', async () => {
    const u = await activeUser(base)
    const { orderId, invoiceId } = await paidByCard(u, 100_000)
    const answers = await Promise.all(Array.from({ length: 11 }, (_, i) => refund(orderId, { amountMinor: 10_000, reason: `Tenth ${i + 1}` })))
    const ok = answers.filter((a) => a.status === 200)
    expect(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 409 && s !== 502)).toEqual([])
    expect(ok).toHaveLength(10)
    const order = await useDb().order.findUniqueOrThrow({ where: { id: orderId } })
    expect(order).toMatchObject({ status: 'refunded', refundedMinor: 100_000 })
    expect(chargeOf(invoiceId).refundedMinor).toBe(100_000)
    expect(await useDb().orderEvent.count({ where: { orderId, data: { path: ['kind'], equals: 'refund' } } })).toBe(10)
    expect(await balanceOf(u)).toBe(0)
  })
})

describe('company invoices (bank transfer)', () => {
  it('a company asks for an invoice (BIN checked), gets its PDF; an admin marks it paid and the order is paid once', async () => {
    const u = await activeUser(base)
    const order = await call(base, 'POST', '/api/billing/orders', { token: u.accessToken, body: { lines: [{ kind: 'topup', amountMinor: 2_500_000 }] } })
    expect(order.status).toBe(201)
    const ask = (body: Record<string, unknown>) => call(base, 'POST', `/api/billing/orders/${order.body.id}/invoice`, { token: u.accessToken, body })
    const wrong = await ask({ companyName: 'ТОО «Ромашка»', taxId: '123456789012' })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.fields[0]).toMatchObject({ path: 'body.taxId', code: 'tax_id_invalid' })
    const bin = validBin()
    const asked = await ask({ companyName: 'ТОО «Ромашка»', taxId: bin, address: 'Алматы, Абая 1' })
    expect(asked.status, JSON.stringify(asked.body)).toBe(200)
    expect(asked.body.status).toBe('pending')
    expect(asked.body.history.at(-1).reason).toMatch(/^Awaiting a bank transfer \(invoice No\. \d+\)$/)

    const pdf = await fetch(`${base}/api/billing/orders/${order.body.id}/invoice?lang=ru`, { headers: { authorization: `Bearer ${u.accessToken}` } })
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const text = await pdfText(pdf)
    expect(text).toContain('Счёт на оплату')
    expect(text).toContain(bin)
    expect(text).toContain('ТОО «Ромашка»')
    expect(text).toContain('Банковские реквизиты')
    // Another person: not found; marking by a non-admin: refused.
    const other = await activeUser(base)
    expect((await fetch(`${base}/api/billing/orders/${order.body.id}/invoice`, { headers: { authorization: `Bearer ${other.accessToken}` } })).status).toBe(404)
    const mark = (token: string) => call(base, 'POST', `/api/admin/billing/orders/${order.body.id}/mark-paid`, { token, body: { reference: 'п/п № 42 от 03.12.2026' } })
    expect((await mark(u.accessToken)).status).toBe(403)

    const marks = await Promise.all([mark(admin.accessToken), mark(admin.accessToken), mark(admin.accessToken)])
    expect(marks.map((m) => m.status).sort()).toEqual([200, 409, 409])
    const paid = await call(base, 'GET', `/api/billing/orders/${order.body.id}`, { token: u.accessToken })
    expect(paid.body.status).toBe('paid')
    expect(paid.body.history.at(-1).reason).toContain('п/п № 42')
    expect(await balanceOf(u)).toBe(2_500_000)
    const events = await useDb().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM event_outbox WHERE name = 'OrderPaid' AND payload->>'orderId' = ${order.body.id}`
    expect(events[0]!.n).toBe(1)
  })
})
