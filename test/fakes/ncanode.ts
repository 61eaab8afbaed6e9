import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local NCANode v3 for tests of server/integrations/ncanode: POST /cms/verify and
 * /x509/info with NCANode's JSON (../shared/PROTOCOLS.md "NCANode v3"). It verifies
 * nothing: each route answers what the test sets (`fake.verify` / `fake.x509`, called
 * per request), built with certInfo() / cmsVerified() / ncaNodeError(). Requests are
 * recorded with their parsed bodies.
 */
export interface TFakeNcaNodeRequest {
  method: string
  path: string
  body: unknown
  contentType?: string
  authorization?: string
}

export interface TFakeNcaNodeAnswer {
  status: number
  /** JSON-encoded unless `raw`. */
  body?: unknown
  /** Sent as is (an HTML error page, broken JSON). */
  raw?: string
  /** Wait this long before answering (timeouts). */
  delayMs?: number
}

export interface TCmsVerifyRequest {
  cms: string
  data?: string
  revocationCheck?: string[]
}

export interface TX509InfoRequest {
  certs: string[]
  revocationCheck?: string[]
}

export interface TFakeNcaNode {
  url: string
  requests: TFakeNcaNodeRequest[]
  verify: (req: TCmsVerifyRequest) => TFakeNcaNodeAnswer
  x509: (req: TX509InfoRequest) => TFakeNcaNodeAnswer
  close: () => Promise<void>
}

/** NCANode's v3 date text (Jackson's ISO with milliseconds and an offset). */
export function wireDate(d: Date | string): string {
  return (typeof d === 'string' ? new Date(d) : d).toISOString().replace('Z', '+00:00')
}

export interface TCertInfoOverrides {
  valid?: boolean
  serialNumber?: string
  keyUsage?: 'SIGN' | 'AUTH' | 'UNKNOWN'
  keyUser?: string[]
  signAlg?: string
  notBefore?: string
  notAfter?: string
  revocations?: Array<{ revoked: boolean; by: 'OCSP' | 'CRL'; revocationTime?: string | null; reason?: string }>
  subject?: Record<string, string>
}

/** A canned CertInfo: an individual's GOST signing certificate, valid, good by OCSP and CRL. */
export function certInfo(o: TCertInfoOverrides = {}): Record<string, unknown> {
  return {
    valid: o.valid ?? true,
    revocations: o.revocations ?? [
      { revoked: false, by: 'OCSP', revocationTime: null, reason: 'OK' },
      { revoked: false, by: 'CRL', revocationTime: null, reason: 'OK' },
    ],
    notBefore: o.notBefore ?? wireDate('2025-01-28T08:31:43Z'),
    notAfter: o.notAfter ?? wireDate('2026-01-28T08:31:43Z'),
    keyUsage: o.keyUsage ?? 'SIGN',
    serialNumber: o.serialNumber ?? '1e8737cdc449d036d39e67537dd70700048595a9',
    signAlg: o.signAlg ?? 'ECGOST3410-2015-512',
    keyUser: o.keyUser ?? ['INDIVIDUAL'],
    publicKey: 'MIGsMCMGCSqDDgMKAQECAjAWBgoqgw4DCgEBAgIBBggqgw4DCgEDAwOBhAAE',
    signature: 'AAEC',
    subject: o.subject ?? {
      commonName: 'ДЕЛЬМАТОВ АЛМАЗ',
      surName: 'ДЕЛЬМАТОВ',
      lastName: 'УРАЗГАЛИЕВИЧ',
      iin: '941208351468',
      country: 'KZ',
      dn: 'CN=ДЕЛЬМАТОВ АЛМАЗ,SURNAME=ДЕЛЬМАТОВ,SERIALNUMBER=IIN941208351468,C=KZ,G=УРАЗГАЛИЕВИЧ',
    },
    issuer: { commonName: 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) 2022', country: 'KZ', dn: 'CN=ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) 2022,C=KZ' },
  }
}

/** A /cms/verify answer: one signer per entry, each with its certificate and an optional time-stamp. */
export function cmsVerified(signers: Array<{ cert: Record<string, unknown>; genTime?: string }>, valid = signers.every((s) => s.cert.valid === true)): TFakeNcaNodeAnswer {
  return {
    status: 200,
    body: {
      status: 200,
      message: 'OK',
      valid,
      signers: signers.map((s) => ({
        certificates: [s.cert],
        ...(s.genTime ? { tsp: { serialNumber: '5f3a', genTime: s.genTime, policy: '1.2.398.3.3.2.6.1', tsa: 'CN=TSA', tspHashAlgorithm: 'GOST34311', hash: 'aa' } } : {}),
      })),
    },
  }
}

/** NCANode's error answer: the HTTP status repeated in the body. */
export function ncaNodeError(status: number, message: string): TFakeNcaNodeAnswer {
  return { status, body: { status, message } }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}

function send(res: ServerResponse, a: TFakeNcaNodeAnswer): void {
  const text = a.raw ?? (a.body === undefined ? '' : JSON.stringify(a.body))
  const type = a.raw !== undefined ? 'text/html; charset=utf-8' : 'application/json'
  res.writeHead(a.status, { 'content-type': type, 'content-length': String(Buffer.byteLength(text)) }).end(text)
}

export async function startFakeNcaNode(): Promise<TFakeNcaNode> {
  const requests: TFakeNcaNodeRequest[] = []
  const timers = new Set<NodeJS.Timeout>()
  const fake: TFakeNcaNode = {
    url: '',
    requests,
    verify: () => cmsVerified([{ cert: certInfo() }]),
    x509: () => ({ status: 200, body: { status: 200, message: 'OK', valid: true, signers: [certInfo()] } }),
    close: async () => {
      for (const t of timers) clearTimeout(t)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake-ncanode').pathname
    const text = await readBody(req)
    let body: unknown
    try {
      body = text ? (JSON.parse(text) as unknown) : undefined
    } catch {
      body = text
    }
    requests.push({ method: req.method ?? 'GET', path, body, contentType: req.headers['content-type'], authorization: req.headers.authorization })

    let answer: TFakeNcaNodeAnswer
    if (req.method !== 'POST') answer = ncaNodeError(405, `Request method '${req.method}' is not supported`)
    else if (typeof body !== 'object' || body === null) answer = ncaNodeError(400, 'JSON parse error')
    else if (path === '/cms/verify') {
      const b = body as Partial<TCmsVerifyRequest>
      answer = typeof b.cms === 'string' && b.cms ? fake.verify(b as TCmsVerifyRequest) : ncaNodeError(400, 'cms: must not be empty')
    } else if (path === '/x509/info') {
      const b = body as Partial<TX509InfoRequest>
      answer = Array.isArray(b.certs) && b.certs.length ? fake.x509(b as TX509InfoRequest) : ncaNodeError(400, 'certs: must not be empty')
    } else answer = ncaNodeError(404, 'Not Found')

    if (answer.delayMs) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t)
          resolve()
        }, answer.delayMs)
        timers.add(t)
      })
      if (res.destroyed) return
    }
    send(res, answer)
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, ncaNodeError(500, String(e)))
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return fake
}
