import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { EGOV_EMULATOR_LIMITS, EgovQrEmulator, type TEgovAnswer } from '../../server/integrations/egov-qr/emulator'

/**
 * A local SIGEX-style eGov QR service for tests of server/integrations/egov-qr: HTTP in
 * front of EgovQrEmulator, which holds the procedures; the test plays the phone through
 * `emulator` (scan, sign, decline). A hold that ends without news closes the socket
 * without an answer, as a proxy's timeout would. `override` answers a request instead of
 * the emulator (error pages, broken answers).
 */
export interface TFakeEgovQrOptions {
  ttlMs?: number
  signTtlMs?: number
  holdMs?: number
  now?: () => number
}

export interface TFakeEgovQrRequest {
  method: string
  path: string
}

/**
 * An answer forced by a test: JSON `body`, or `raw` text sent as is, with extra `headers`;
 * 'drop' closes the socket at once, 'hang' never answers (until close()).
 */
export type TFakeEgovQrAnswer = { status: number; body?: unknown; raw?: string; headers?: Record<string, string> } | 'drop' | 'hang'

export interface TFakeEgovQr {
  url: string
  emulator: EgovQrEmulator
  /** Every request received, in order. */
  requests: TFakeEgovQrRequest[]
  /** Asked first for each request; undefined lets the emulator answer. */
  override?: (method: string, path: string) => TFakeEgovQrAnswer | undefined
  close: () => Promise<void>
}

class TooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > EGOV_EMULATOR_LIMITS.requestBytes) throw new TooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > EGOV_EMULATOR_LIMITS.requestBytes) throw new TooLarge()
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function send(req: IncomingMessage, res: ServerResponse, answer: TFakeEgovQrAnswer | TEgovAnswer): void {
  if (answer === 'drop') {
    req.socket.destroy()
    return
  }
  if (answer === 'hang') return
  const raw = 'raw' in answer ? answer.raw : undefined
  const text = raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body))
  const headers = {
    'content-type': raw !== undefined ? 'text/html; charset=utf-8' : 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...('headers' in answer ? answer.headers : {}),
  }
  res.writeHead(answer.status, headers)
  // A declared length over the text (an oversized-answer test) leaves the body unfinished on purpose.
  if (Number(headers['content-length']) > Buffer.byteLength(text)) res.write(text)
  else res.end(text)
}

export async function startFakeEgovQr(opts: TFakeEgovQrOptions = {}): Promise<TFakeEgovQr> {
  const requests: TFakeEgovQrRequest[] = []
  let emulator!: EgovQrEmulator

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake-egov-qr').pathname
    const method = req.method ?? 'GET'
    requests.push({ method, path })

    // The client going away ends its hold, as a closed connection ends a held request live.
    const gone = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) gone.abort()
    })

    let text: string
    try {
      text = await readBody(req)
    } catch (e) {
      if (e instanceof TooLarge) return send(req, res, { status: 413, body: { message: `Request body over ${EGOV_EMULATOR_LIMITS.requestBytes} bytes` } })
      throw e
    }
    const forced = fake.override?.(method, path)
    if (forced !== undefined) return send(req, res, forced)

    let body: unknown
    try {
      body = text ? (JSON.parse(text) as unknown) : undefined
    } catch {
      return send(req, res, { status: 400, body: { message: 'The body is not JSON' } })
    }

    if (path === '/api/egovQr' && method === 'POST') return send(req, res, await emulator.register(body))
    const m = /^\/api\/egovQr\/([^/]+)$/.exec(path)
    if (m && method === 'POST') return send(req, res, await emulator.postData(decodeURIComponent(m[1]!), body, gone.signal))
    if (m && method === 'GET') return send(req, res, await emulator.getSignatures(decodeURIComponent(m[1]!), gone.signal))
    send(req, res, { status: 404, body: { message: `No route ${method} ${path}` } })
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(req, res, { status: 500, body: { message: String(e) } })
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  emulator = new EgovQrEmulator({ baseUrl: url, phoneUrl: (id) => `${url}/phone/${id}`, ...opts })

  const fake: TFakeEgovQr = {
    url,
    emulator,
    requests,
    close: async () => {
      emulator.close()
      // fetch keeps connections alive; without this close() would wait for them to idle out.
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  return fake
}
