import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeEpay, type TFakeEpay } from '../fakes/epay'
import { parseConfig } from '../../server/lib/config'
import {
  EPAY_TEST_API_URL,
  EPAY_TEST_OAUTH_URL,
  EpayError,
  ZEpayCallbackSchema,
  buildPaymentObject,
  createEpayClient,
  epayConf,
  fromWireAmount,
  isValidInvoiceId,
  toWireAmount,
  type TEpayConf,
} from '../../server/integrations/epay'

/**
 * The live Epay client against the fake Epay (test/fakes/epay.ts over the emulator):
 * what goes on the wire, what comes back, and the token cache, with a clock the test
 * moves itself.
 */
const MERCHANT = { clientId: 'dogovor24-test', clientSecret: 'cs-7f3e0c1d9a5b4e2f8c6d', terminal: '67e34d63-102f-4bd1-898e-370781d0074d' }

let clock = Date.parse('2025-03-01T09:00:00Z')
const now = () => clock

interface TReceived {
  path: string
  body: unknown
}

/** Our side of the callback: records what Epay posts to postLink / failurePostLink. */
async function startReceiver(): Promise<{ url: string; received: TReceived[]; close: () => Promise<void> }> {
  const received: TReceived[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":true}')
    })
  })
  return { url: await listen(server), received, close: () => stop(server) }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

async function rejection(p: Promise<unknown>): Promise<EpayError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(EpayError)
  return e as EpayError
}

let fake: TFakeEpay
let receiver: Awaited<ReturnType<typeof startReceiver>>

beforeAll(async () => {
  fake = await startFakeEpay({ ...MERCHANT, now })
  receiver = await startReceiver()
})

afterAll(async () => {
  await fake?.close()
  await receiver?.close()
})

function conf(extra: Partial<TEpayConf> = {}): TEpayConf {
  return { oauthUrl: fake.url, apiUrl: fake.url, ...MERCHANT, ...extra }
}

let seq = 0
/** 7 digits whose last 6 differ between calls, as Epay requires. */
function nextInvoiceId(): string {
  return String(7_000_000 + ++seq)
}

async function invoice(amountMinor: number, client = createEpayClient(conf(), fetch, now)) {
  const invoiceId = nextInvoiceId()
  const input = {
    invoiceId,
    amountMinor,
    currency: 'KZT',
    secretHash: `sh-${invoiceId}-b7e1`,
    postLink: `${receiver.url}/epay/ok`,
    failurePostLink: `${receiver.url}/epay/fail`,
  }
  const token = await client.paymentToken(input)
  return { client, invoiceId, input, token }
}

function serviceTokenRequests(): number {
  return fake.emulator.calls.filter((c) => c.op === 'token' && c.kind === 'service').length
}

describe('amounts on the wire', () => {
  const table: Array<[number, number, string]> = [
    [0, 0, '0'],
    [1, 0.01, '0.01'],
    [99, 0.99, '0.99'],
    [100, 1, '1'],
    [150050, 1500.5, '1500.5'],
    [999999999, 9999999.99, '9999999.99'],
  ]
  it.each(table)('%i minor units are %d tenge and back', (minor, wire, json) => {
    expect(toWireAmount(minor)).toBe(wire)
    expect(JSON.stringify({ amount: toWireAmount(minor) })).toBe(`{"amount":${json}}`)
    expect(fromWireAmount(wire)).toBe(minor)
    expect(fromWireAmount(String(wire))).toBe(minor)
  })

  it('reads a string with trailing zeros', () => {
    expect(fromWireAmount('1500.50')).toBe(150050)
    expect(fromWireAmount('10.00')).toBe(1000)
  })

  it.each([1.234, '1.234', Number.NaN, Number.POSITIVE_INFINITY, -1, '-1', '1e3', '', 'abc', 0.1 + 0.2])('refuses %s', (x) => {
    expect(() => fromWireAmount(x)).toThrow(RangeError)
  })

  it('sends only whole, non-negative minor units', () => {
    expect(() => toWireAmount(1.5)).toThrow(RangeError)
    expect(() => toWireAmount(-100)).toThrow(RangeError)
    expect(() => toWireAmount(Number.NaN)).toThrow(RangeError)
  })
})

describe('invoice ids', () => {
  it.each(['123456', '000001', '123456789012345'])('%s is valid', (s) => expect(isValidInvoiceId(s)).toBe(true))
  it.each(['12345', '1234567890123456', '12345a', ' 123456', '123 456', '', 123456, undefined])('%s is not', (s) => {
    expect(isValidInvoiceId(s)).toBe(false)
  })

  it('the client refuses a bad invoice id before sending anything', async () => {
    const before = fake.requests.length
    const e = await rejection(createEpayClient(conf(), fetch, now).status('12345'))
    expect(e.status).toBe(0)
    expect(e.message).toMatch(/6–15 digits/)
    expect(fake.requests.length).toBe(before)
  })
})

describe('payment token', () => {
  it('is requested form-encoded with every field, and is bound to the invoice', async () => {
    const { invoiceId, input, token } = await invoice(150050)
    const call = fake.emulator.calls.filter((c) => c.op === 'token').at(-1)!
    expect(call).toMatchObject({ kind: 'payment', status: 200 })
    expect(call.op === 'token' && call.form).toEqual({
      grant_type: 'client_credentials',
      scope: 'payment',
      client_id: MERCHANT.clientId,
      client_secret: MERCHANT.clientSecret,
      invoiceID: invoiceId,
      secret_hash: input.secretHash,
      amount: '1500.5',
      currency: 'KZT',
      terminal: MERCHANT.terminal,
      postLink: input.postLink,
      failurePostLink: input.failurePostLink,
    })
    const req = fake.requests.filter((r) => r.path === '/oauth2/token').at(-1)!
    expect(req.method).toBe('POST')
    expect(req.contentType).toMatch(/^application\/x-www-form-urlencoded/)

    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 7200, scope: 'payment' })
    expect(fake.emulator.tokens.get(token.access_token)?.invoiceId).toBe(invoiceId)
    expect(fake.emulator.invoices.get(invoiceId)).toMatchObject({ amountMinor: 150050, secretHash: input.secretHash, terminal: MERCHANT.terminal })
    // Bound to its invoice's page: it does not open the API.
    expect(fake.emulator.status(invoiceId, token.access_token).status).toBe(401)
  })

  it('the fake also takes multipart form data', async () => {
    const form = new FormData()
    const id = nextInvoiceId()
    const fields = {
      grant_type: 'client_credentials',
      scope: 'payment',
      client_id: MERCHANT.clientId,
      client_secret: MERCHANT.clientSecret,
      invoiceID: id,
      secret_hash: 'x',
      amount: '25.75',
      currency: 'KZT',
      terminal: MERCHANT.terminal,
      postLink: 'https://example.kz/ok',
      failurePostLink: 'https://example.kz/fail',
    }
    for (const [k, v] of Object.entries(fields)) form.set(k, v)
    const res = await fetch(`${fake.url}/oauth2/token`, { method: 'POST', body: form })
    expect(res.status).toBe(200)
    expect(fake.requests.at(-1)!.contentType).toMatch(/^multipart\/form-data; boundary=/)
    expect(fake.emulator.invoices.get(id)?.amountMinor).toBe(2575)
  })

  it('a body over 64 KiB gets 413', async () => {
    const res = await fetch(`${fake.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `scope=${'a'.repeat(64 * 1024)}`,
    })
    expect(res.status).toBe(413)
  })

  it('wrong credentials: EpayError 401 whose message names what to check and not the secret', async () => {
    const wrong = 'cs-wrong-0000000000000'
    const client = createEpayClient(conf({ clientSecret: wrong }), fetch, now)
    const e = await rejection(client.paymentToken({ invoiceId: nextInvoiceId(), amountMinor: 1000, currency: 'KZT', secretHash: 'h', postLink: 'https://a.kz/p', failurePostLink: 'https://a.kz/f' }))
    expect(e.status).toBe(401)
    expect(e.code).toBe('invalid_client')
    expect(e.message).toMatch(/EPAY_CLIENT_SECRET/)
    expect(e.message).not.toContain(wrong)
  })

  it('the payment object carries exactly the documented fields', async () => {
    const { invoiceId, input, token } = await invoice(150050)
    const obj = buildPaymentObject({
      invoiceId,
      backLink: 'https://dogovor24.kz/pay/done',
      failureBackLink: 'https://dogovor24.kz/pay/failed',
      postLink: input.postLink,
      failurePostLink: input.failurePostLink,
      language: 'kaz',
      description: 'Шаблон договора аренды',
      terminal: MERCHANT.terminal,
      amountMinor: 150050,
      currency: 'KZT',
      email: 'a@example.kz',
      data: { orderId: 'o-1' },
      cardSave: false,
      auth: token,
    })
    expect(Object.keys(obj).sort()).toEqual(
      ['invoiceId', 'backLink', 'failureBackLink', 'postLink', 'failurePostLink', 'language', 'description', 'terminal', 'amount', 'currency', 'email', 'data', 'cardSave', 'auth'].sort(),
    )
    expect(obj.amount).toBe(1500.5)
    expect(obj.data).toBe('{"orderId":"o-1"}')
    expect(obj.auth).toBe(token)
    expect(() => buildPaymentObject({ ...obj, amountMinor: 100, invoiceId: '12' })).toThrow(RangeError)
  })
})

describe('status and the callback', () => {
  it('not found before the payment, CHARGE after it; the callback reaches postLink with our secret_hash', async () => {
    const { client, invoiceId, input } = await invoice(150050)
    expect(await client.status(invoiceId)).toEqual({ found: false, resultCode: '102', resultMessage: 'invoice not found' })

    const paid = await fake.pay(invoiceId, 'success', { details: { email: 'payer@example.kz' } })
    expect(paid.status).toBe(200)
    expect(paid.callback.url).toBe(input.postLink)
    const got = receiver.received.at(-1)!
    expect(got.path).toBe('/epay/ok')
    const cb = ZEpayCallbackSchema.parse(got.body)
    expect(cb).toMatchObject({ invoiceId, code: 'ok', secret_hash: input.secretHash, currency: 'KZT', terminal: MERCHANT.terminal, email: 'payer@example.kz' })
    expect(fromWireAmount(cb.amount!)).toBe(150050)

    const s = await client.status(invoiceId)
    expect(s.found).toBe(true)
    expect(s.resultCode).toBe('100')
    expect(s.transaction).toMatchObject({ id: cb.id, invoiceId, amountMinor: 150050, currency: 'KZT', terminal: MERCHANT.terminal, statusName: 'CHARGE', cardMask: cb.cardMask, reference: cb.reference })
  })

  it('a declined payment is posted to failurePostLink with code "error" and shows REJECT', async () => {
    const { client, invoiceId, input } = await invoice(99_900)
    const declined = await fake.pay(invoiceId, 'decline')
    expect(declined.callback.url).toBe(input.failurePostLink)
    const got = receiver.received.at(-1)!
    expect(got.path).toBe('/epay/fail')
    expect(got.body).toMatchObject({ invoiceId, code: 'error', secret_hash: input.secretHash })
    expect((got.body as { reason: string }).reason).not.toBe('')
    expect((await client.status(invoiceId)).transaction?.statusName).toBe('REJECT')
  })

  it('the callback schema is lenient about how Epay writes fields', () => {
    const cb = ZEpayCallbackSchema.parse({ invoiceId: 7654321, amount: '1500.50', code: 'ok', reasonCode: 0, somethingNew: { a: 1 } })
    expect(cb.invoiceId).toBe('7654321')
    expect(cb.reasonCode).toBe('0')
    expect(fromWireAmount(cb.amount!)).toBe(150050)
    expect((cb as Record<string, unknown>).somethingNew).toEqual({ a: 1 })
    expect(ZEpayCallbackSchema.safeParse({ invoiceId: '7654321', amount: 1.234, code: 'ok' }).success).toBe(false)
  })
})

describe('refund and cancel', () => {
  it('refunds part, then the rest (REFUND), then nothing more', async () => {
    const { client, invoiceId } = await invoice(500_000)
    const { callback } = await fake.pay(invoiceId, 'success', { deliver: false })
    const txId = String(callback.body.id)

    expect((await client.refund(txId, { amountMinor: 200_050, externalId: 'r-1' })).status).toBe(200)
    expect(fake.requests.at(-1)!.path).toBe(`/operation/${txId}/refund?amount=2000.5&externalID=r-1`)
    expect((await client.status(invoiceId)).transaction?.statusName).toBe('CHARGE')

    await client.refund(txId)
    const tx = fake.emulator.transactions.get(txId)!
    expect(tx.refunds.map((r) => [r.amountMinor, r.externalId])).toEqual([
      [200_050, 'r-1'],
      [299_950, undefined],
    ])
    expect((await client.status(invoiceId)).transaction?.statusName).toBe('REFUND')

    const e = await rejection(client.refund(txId, { amountMinor: 1000 }))
    expect(e.status).toBe(400)
    expect(e.message).toMatch(/only a CHARGE transaction can be refunded, this one is REFUND/)
  })

  it('below 10 KZT: EpayError carrying the 400 answer', async () => {
    const { client, invoiceId } = await invoice(50_000)
    const { callback } = await fake.pay(invoiceId, 'success', { deliver: false })
    const e = await rejection(client.refund(String(callback.body.id), { amountMinor: 999 }))
    expect(e.status).toBe(400)
    expect(e.code).toBe(100)
    expect(e.detail).toBe('the minimum refund is 10 KZT')
    expect(e.message).toContain('the minimum refund is 10 KZT')
    expect(fake.emulator.transactions.get(String(callback.body.id))!.refundedMinor).toBe(0)
  })

  it('an authorised (AUTH) payment cannot be refunded but can be cancelled', async () => {
    const { client, invoiceId } = await invoice(30_000)
    const { callback } = await fake.pay(invoiceId, 'auth-only', { deliver: false })
    expect(callback.body.code).toBe('ok')
    const txId = String(callback.body.id)

    const e = await rejection(client.refund(txId))
    expect(e.status).toBe(400)
    expect(e.message).toMatch(/this one is AUTH/)

    expect((await client.cancel(txId)).status).toBe(200)
    expect(fake.requests.at(-1)!.path).toBe(`/operation/${txId}/cancel`)
    expect((await client.status(invoiceId)).transaction?.statusName).toBe('CANCEL')
    expect((await rejection(client.cancel(txId))).message).toMatch(/only an AUTH transaction can be cancelled/)
  })
})

describe('the service token', () => {
  it('is requested once for several calls and without invoice fields', async () => {
    const { invoiceId } = await invoice(10_000)
    const client = createEpayClient(conf(), fetch, now)
    const before = serviceTokenRequests()
    await client.status(invoiceId)
    await client.status(invoiceId)
    await Promise.all([client.status(invoiceId), client.status(invoiceId)])
    expect(serviceTokenRequests() - before).toBe(1)
    const call = fake.emulator.calls.filter((c) => c.op === 'token').at(-1)!
    expect(call.op === 'token' && call.form).toEqual({
      grant_type: 'client_credentials',
      scope: 'webapi usermanagement email_send verification statement statistics payment',
      client_id: MERCHANT.clientId,
      client_secret: MERCHANT.clientSecret,
    })
  })

  it('is replaced 60 s before it expires', async () => {
    const { invoiceId } = await invoice(10_000)
    const client = createEpayClient(conf({ serviceScope: 'webapi payment' }), fetch, now)
    const before = serviceTokenRequests()
    await client.status(invoiceId)
    clock += (7200 - 60 - 1) * 1000
    await client.status(invoiceId)
    expect(serviceTokenRequests() - before).toBe(1)
    clock += 1000
    await client.status(invoiceId)
    expect(serviceTokenRequests() - before).toBe(2)
    expect(fake.emulator.calls.at(-2)).toMatchObject({ op: 'token', kind: 'service', form: { scope: 'webapi payment' } })
  })

  it('is fetched again after a 401, and the call retried once', async () => {
    const { invoiceId } = await invoice(10_000)
    const client = createEpayClient(conf(), fetch, now)
    await client.status(invoiceId)
    const before = serviceTokenRequests()
    const mark = fake.emulator.calls.length
    fake.emulator.revokeTokens()
    expect((await client.status(invoiceId)).found).toBe(false)
    expect(serviceTokenRequests() - before).toBe(1)
    expect(fake.emulator.calls.slice(mark).map((c) => [c.op, 'status' in c ? c.status : undefined])).toEqual([
      ['status', 401],
      ['token', 200],
      ['status', 200],
    ])
  })
})

describe('answers the client cannot use', () => {
  let odd: Server
  let oddUrl: string
  let answer: (req: IncomingMessage, res: ServerResponse) => void = () => {}

  beforeAll(async () => {
    odd = createServer((req, res) => answer(req, res))
    oddUrl = await listen(odd)
  })
  afterAll(() => stop(odd))

  const tokenInput = () => ({ invoiceId: nextInvoiceId(), amountMinor: 1000, currency: 'KZT', secretHash: 'h', postLink: 'https://a.kz/p', failurePostLink: 'https://a.kz/f' })

  it('no answer within timeoutMs', async () => {
    answer = () => {}
    const client = createEpayClient({ ...conf(), oauthUrl: oddUrl, apiUrl: oddUrl, timeoutMs: 150 }, fetch, now)
    const e = await rejection(client.paymentToken(tokenInput()))
    expect(e.status).toBe(0)
    expect(e.message).toMatch(/no answer within 150 ms/)
  })

  it('not JSON, or JSON of another shape', async () => {
    const client = createEpayClient({ ...conf(), oauthUrl: `${oddUrl}/oauth2/token`, apiUrl: oddUrl }, fetch, now)
    answer = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>')
    const html = await rejection(client.paymentToken(tokenInput()))
    expect(html.code).toBe('bad_json')
    expect(html.message).toContain('maintenance')

    answer = (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(req.url === '/oauth2/token' ? '{"token_type":"Bearer"}' : '{}')
    const shape = await rejection(client.paymentToken(tokenInput()))
    expect(shape.code).toBe('bad_shape')
    expect(shape.message).toMatch(/access_token/)
  })

  it('a status answer with an unknown resultCode is an error, not "not found"', async () => {
    answer = (req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(req.url === '/oauth2/token' ? '{"access_token":"t-123456","expires_in":"7200","token_type":"Bearer"}' : '{"resultCode":"105","resultMessage":"SYSTEM ERROR"}')
    const client = createEpayClient({ ...conf(), oauthUrl: oddUrl, apiUrl: oddUrl }, fetch, now)
    const e = await rejection(client.status('7123456'))
    expect(e.code).toBe('105')
    expect(e.message).toMatch(/SYSTEM ERROR/)
  })
})

describe('epayConf', () => {
  const creds = { EPAY_CLIENT_ID: 'id', EPAY_CLIENT_SECRET: 'secret', EPAY_TERMINAL_ID: MERCHANT.terminal }

  it('is null unless id, secret and terminal are all set', () => {
    expect(epayConf(parseConfig({}))).toBeNull()
    expect(epayConf(parseConfig({ ...creds, EPAY_TERMINAL_ID: '' }))).toBeNull()
    expect(epayConf(parseConfig({ ...creds, EPAY_CLIENT_SECRET: undefined }))).toBeNull()
  })

  it("defaults to Epay's test servers", () => {
    expect(epayConf(parseConfig(creds))).toEqual({
      oauthUrl: EPAY_TEST_OAUTH_URL,
      apiUrl: EPAY_TEST_API_URL,
      clientId: 'id',
      clientSecret: 'secret',
      terminal: MERCHANT.terminal,
      serviceScope: undefined,
    })
    expect(epayConf(parseConfig({ ...creds, EPAY_OAUTH_URL: 'https://epay-oauth.homebank.kz', EPAY_API_URL: 'https://epay-api.homebank.kz', EPAY_SERVICE_SCOPE: 'webapi payment' }))).toMatchObject({
      oauthUrl: 'https://epay-oauth.homebank.kz',
      apiUrl: 'https://epay-api.homebank.kz',
      serviceScope: 'webapi payment',
    })
  })
})
