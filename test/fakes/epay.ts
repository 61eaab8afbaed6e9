import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { EpayEmulator, type TEpayCallbackDelivery, type TEpayEmulatorAnswer, type TEpayPayDetails, type TEpayPayOutcome } from '../../server/integrations/epay/emulator'
import { fromWireAmount } from '../../server/integrations/epay/protocol'

/**
 * A local Epay v2 server for tests of the live client: HTTP in front of EpayEmulator
 * (server/integrations/epay/emulator.ts), which holds the invoices, transactions and
 * tokens. One address serves both the OAuth and the API paths, so a client gets it
 * as oauthUrl and apiUrl. pay() plays the payer and, like Epay, posts the callback.
 */
export interface TFakeEpayOptions {
  clientId: string
  clientSecret: string
  terminal: string
  now?: () => number
  tokenLifetimeSeconds?: number
}

export interface TFakeEpayRequest {
  method: string
  path: string
  contentType?: string
  authorization?: string
}

export interface TFakeEpayPayResult {
  callback: TEpayCallbackDelivery
  /** The answer of our callback endpoint (absent when deliver is false). */
  status?: number
  body?: unknown
}

export interface TFakeEpay {
  url: string
  emulator: EpayEmulator
  /** Every request received, in order. */
  requests: TFakeEpayRequest[]
  pay: (invoiceId: string, outcome: TEpayPayOutcome, opts?: { deliver?: boolean; details?: TEpayPayDetails }) => Promise<TFakeEpayPayResult>
  close: () => Promise<void>
}

export const FAKE_EPAY_BODY_LIMIT = 64 * 1024

class TooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > FAKE_EPAY_BODY_LIMIT) throw new TooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > FAKE_EPAY_BODY_LIMIT) throw new TooLarge()
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** Both encodings Epay takes for the token request; fetch's own parser reads multipart. */
async function readForm(req: IncomingMessage, raw: Buffer): Promise<Record<string, string> | null> {
  const type = String(req.headers['content-type'] ?? '')
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw.toString('utf8')))
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData()
    const out: Record<string, string> = {}
    form.forEach((v, k) => {
      if (typeof v === 'string') out[k] = v
    })
    return out
  }
  return null
}

function send(res: ServerResponse, answer: TEpayEmulatorAnswer): void {
  if (answer.body === null || answer.body === undefined) {
    res.writeHead(answer.status, { 'content-length': '0' }).end()
    return
  }
  const text = JSON.stringify(answer.body)
  res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }).end(text)
}

function bearerOf(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))
  return m?.[1]?.trim()
}

export async function startFakeEpay(opts: TFakeEpayOptions): Promise<TFakeEpay> {
  const emulator = new EpayEmulator(opts)
  const requests: TFakeEpayRequest[] = []

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake-epay')
    const method = req.method ?? 'GET'
    requests.push({ method, path: url.pathname + url.search, contentType: req.headers['content-type'], authorization: req.headers.authorization })
    let raw: Buffer
    try {
      raw = await readBody(req)
    } catch (e) {
      if (e instanceof TooLarge) return send(res, { status: 413, body: { error: 'payload_too_large', error_description: `body over ${FAKE_EPAY_BODY_LIMIT} bytes` } })
      throw e
    }

    if (url.pathname === '/oauth2/token' && method === 'POST') {
      const form = await readForm(req, raw).catch(() => null)
      if (!form) return send(res, { status: 415, body: { error: 'invalid_request', error_description: 'send form data (urlencoded or multipart)' } })
      return send(res, emulator.issueToken(form))
    }

    const status = /^\/check-status\/payment\/transaction\/([^/]+)$/.exec(url.pathname)
    if (status && method === 'GET') return send(res, emulator.status(decodeURIComponent(status[1]!), bearerOf(req)))

    const op = /^\/operation\/([^/]+)\/(refund|cancel)$/.exec(url.pathname)
    if (op && method === 'POST') {
      const txId = decodeURIComponent(op[1]!)
      if (op[2] === 'cancel') return send(res, emulator.cancel(txId, bearerOf(req)))
      const wire = url.searchParams.get('amount')
      let amountMinor: number | undefined
      try {
        amountMinor = wire === null ? undefined : fromWireAmount(wire)
      } catch {
        amountMinor = Number.NaN
      }
      return send(res, emulator.refund(txId, amountMinor, url.searchParams.get('externalID') ?? undefined, bearerOf(req)))
    }

    send(res, { status: 404, body: { code: 404, message: `no route ${method} ${url.pathname}` } })
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { code: 500, message: String(e) } })
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url,
    emulator,
    requests,
    async pay(invoiceId, outcome, { deliver = true, details } = {}) {
      const callback = emulator.pay(invoiceId, outcome, details)
      if (!deliver) return { callback }
      const res = await fetch(callback.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(callback.body),
        signal: AbortSignal.timeout(10_000),
      })
      const text = await res.text()
      let body: unknown = text
      try {
        body = text ? (JSON.parse(text) as unknown) : null
      } catch {
        // Our endpoint may answer plain text; keep it as it came.
      }
      return { callback, status: res.status, body }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // fetch keeps connections alive; without this close() would wait for them to idle out.
        server.closeAllConnections()
      }),
  }
}
