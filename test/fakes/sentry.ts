import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'

/**
 * A Sentry ingest endpoint that speaks the envelope protocol the SDKs send
 * (https://develop.sentry.dev/sdk/data-model/envelopes/): POST /api/<project>/envelope/,
 * authenticated by the DSN's public key in `X-Sentry-Auth` (or `?sentry_key=`), body
 * optionally gzip/deflate/br-compressed, newline-separated JSON: an envelope header,
 * then per item a header (with `type`, optionally `length` in bytes) and its payload.
 */
export interface TEnvelopeItem {
  header: Record<string, unknown> & { type: string }
  payload: unknown
}

export interface TEnvelope {
  header: Record<string, unknown>
  items: TEnvelopeItem[]
}

export interface TSentryEvent {
  event_id: string
  level?: string
  environment?: string
  release?: string
  tags?: Record<string, string>
  extra?: Record<string, unknown>
  exception?: { values: Array<{ type?: string; value?: string; stacktrace?: { frames?: unknown[] } }> }
}

export interface TFakeSentry {
  dsn: string
  envelopes: TEnvelope[]
  /** Requests refused for a wrong key or project. */
  refused: number
  events(): TSentryEvent[]
  stop(): Promise<void>
}

/** Splits an envelope body: header line, then (item header, payload) pairs. */
export function parseEnvelope(body: Buffer): TEnvelope {
  let pos = 0
  const line = (): Buffer => {
    const end = body.indexOf(0x0a, pos)
    const out = body.subarray(pos, end === -1 ? body.length : end)
    pos = end === -1 ? body.length : end + 1
    return out
  }
  const header = JSON.parse(line().toString('utf8')) as Record<string, unknown>
  const items: TEnvelopeItem[] = []
  while (pos < body.length) {
    const raw = line()
    if (raw.length === 0) continue
    const itemHeader = JSON.parse(raw.toString('utf8')) as TEnvelopeItem['header']
    let payload: Buffer
    if (typeof itemHeader.length === 'number') {
      payload = body.subarray(pos, pos + itemHeader.length)
      pos += itemHeader.length
      if (body[pos] === 0x0a) pos++
    } else payload = line()
    const text = payload.toString('utf8')
    items.push({ header: itemHeader, payload: itemHeader.type === 'attachment' ? text : JSON.parse(text) })
  }
  return { header, items }
}

function decode(req: IncomingMessage, raw: Buffer): Buffer {
  switch (req.headers['content-encoding']) {
    case 'gzip':
      return gunzipSync(raw)
    case 'deflate':
      return inflateSync(raw)
    case 'br':
      return brotliDecompressSync(raw)
    default:
      return raw
  }
}

function keyOf(req: IncomingMessage, url: URL): string | undefined {
  const auth = String(req.headers['x-sentry-auth'] ?? '')
  return /sentry_key=([^,\s]+)/.exec(auth)?.[1] ?? url.searchParams.get('sentry_key') ?? undefined
}

export async function startFakeSentry(opts: { project?: string; key?: string } = {}): Promise<TFakeSentry> {
  const project = opts.project ?? '42'
  const key = opts.key ?? 'fakepublickey0123456789'
  const envelopes: TEnvelope[] = []
  const state = { refused: 0 }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      // Browsers post from the site's origin: allow it, as Sentry's ingest does.
      const answer = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(JSON.stringify(body))
      if (req.method !== 'POST' || url.pathname !== `/api/${project}/envelope/`) {
        state.refused++
        return answer(404, { detail: 'not found' })
      }
      if (keyOf(req, url) !== key) {
        state.refused++
        return answer(401, { detail: 'invalid api key' })
      }
      try {
        const envelope = parseEnvelope(decode(req, Buffer.concat(chunks)))
        envelopes.push(envelope)
        answer(200, { id: envelope.header.event_id ?? null })
      } catch (e) {
        answer(400, { detail: `bad envelope: ${(e as Error).message}` })
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    dsn: `http://${key}@127.0.0.1:${port}/${project}`,
    envelopes,
    get refused() {
      return state.refused
    },
    events: () => envelopes.flatMap((e) => e.items.filter((i) => i.header.type === 'event').map((i) => i.payload as TSentryEvent)),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
