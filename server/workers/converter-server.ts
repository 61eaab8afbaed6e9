import { timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { OfficeError, type ConverterPool } from '../lib/office'

/**
 * The worker's internal conversion route, the seed's converter (`/unoconv` on :6789):
 * POST /unoconv/pdf with a document as the body (DOCX, DOC, ODT or RTF) answers the PDF.
 * GET /unoconv/health answers whether every warm LibreOffice responds.
 *
 * Internal only: it listens on CONVERTER_HOST (loopback by default) and, when a token is
 * configured (required in production), wants `Authorization: Bearer <CONVERTER_TOKEN>`.
 * The body is bounded before it is read, and only office formats are passed on: LibreOffice
 * opens far more than documents, and a converter must not become a general file opener.
 */
export interface TConverterServerOptions {
  port: number
  host?: string
  token?: string
  maxBytes: number
  pool: ConverterPool
}

export interface TConverterServer {
  port: number
  stop(): Promise<void>
}

const FORMATS: ReadonlyArray<{ ext: string; magic: Buffer }> = [
  // DOCX and ODT are ZIP packages.
  { ext: 'docx', magic: Buffer.from('504b0304', 'hex') },
  // DOC: the OLE compound file.
  { ext: 'doc', magic: Buffer.from('d0cf11e0a1b11ae1', 'hex') },
  { ext: 'rtf', magic: Buffer.from('{\\rtf') },
]

function send(res: ServerResponse, status: number, body: Record<string, unknown>) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body))
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true
  const given = Buffer.from(req.headers.authorization ?? '')
  const want = Buffer.from(`Bearer ${token}`)
  return given.length === want.length && timingSafeEqual(given, want)
}

/** Reads the body up to `max` bytes; undefined when it is larger (the caller answers 413). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > max) {
        resolve(undefined)
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export async function startConverterServer(opts: TConverterServerOptions): Promise<TConverterServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]
    if (!authorized(req, opts.token)) return send(res, 401, { error: 'unauthorized' })
    if (req.method === 'GET' && path === '/unoconv/health') {
      void opts.pool.healthy().then((ok) => send(res, ok ? 200 : 503, { status: ok ? 'ok' : 'error', instances: opts.pool.size, queued: opts.pool.queued }))
      return
    }
    if (req.method !== 'POST' || path !== '/unoconv/pdf') return send(res, 404, { error: 'not_found' })
    const declared = Number(req.headers['content-length'] ?? NaN)
    if (declared > opts.maxBytes) {
      res.setHeader('connection', 'close')
      return send(res, 413, { error: 'too_large', maxBytes: opts.maxBytes })
    }
    void (async () => {
      const body = await readBody(req, opts.maxBytes)
      if (!body) return send(res, 413, { error: 'too_large', maxBytes: opts.maxBytes })
      const format = FORMATS.find((f) => body.subarray(0, f.magic.length).equals(f.magic))
      if (!format) return send(res, 415, { error: 'unsupported', accepted: 'DOCX, ODT, DOC or RTF' })
      try {
        const pdf = await opts.pool.toPdf(body, format.ext)
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length, 'cache-control': 'no-store' }).end(pdf)
      } catch (e) {
        if (e instanceof OfficeError) {
          const status = e.code === 'timeout' ? 504 : e.code === 'failed' ? 422 : 503
          return send(res, status, { error: e.code, message: e.message })
        }
        send(res, 500, { error: 'internal' })
      }
    })().catch(() => send(res, 500, { error: 'internal' }))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve())
  })
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
