/**
 * Signing in the browser with NCALayer, the desktop app of Kazakhstan's National
 * Certification Centre: the page talks to it over a local WebSocket
 * (../shared/PROTOCOLS.md "NCALayer"). Plain TypeScript, no Vue, so the same client
 * runs in node against the fake in test/fakes/ncalayer.ts.
 *
 * Which API: NCALayer's `kz.gov.pki.knca.basics` module (2022) chooses the key in its own
 * dialog and can filter the keys (usage, IIN, BIN); an NCALayer without it gets the legacy
 * `kz.gov.pki.knca.commonUtils` call, which has neither filters nor a storage list. How
 * the absence is told: a basics reply always carries a boolean `status`; an NCALayer that
 * does not know the module answers in the commonUtils envelope (`{code, message}`) instead.
 * So the first basics reply without a boolean `status` switches the connection to legacy
 * for good and the same signature is asked again the legacy way. The server must check
 * the signer's IIN/BIN in the certificate anyway: the filters are a convenience for the
 * person choosing a key, and the legacy call does not apply them (`conn.api` says which).
 */

export const NCALAYER_DEFAULT_URL = 'wss://127.0.0.1:13579'
export const NCALAYER_INSTALL_URL = 'https://pki.gov.kz/ncalayer/'

/** Storage types NCALayer knows; the first three are the ones people have (file, Kaztoken, ID card). */
export const NCALAYER_STORAGES = [
  'PKCS12',
  'AKKaztokenStore',
  'AKKZIDCardStore',
  'JKS',
  'AKEToken72KStore',
  'AKEToken5110Store',
  'AKJaCartaStore',
  'AKAKEYStore',
] as const
export type TNcaLayerStorage = (typeof NCALAYER_STORAGES)[number]

export type TNcaLayerKeyUsage = 'SIGN' | 'AUTH'
export type TNcaLayerLocale = 'ru' | 'kk' | 'en'

/** Extended key usage OIDs of NCA certificates: the key made for signing, or the one for signing in. */
export const NCALAYER_KEY_USAGE_OIDS: Record<TNcaLayerKeyUsage, string> = {
  SIGN: '1.3.6.1.5.5.7.3.4',
  AUTH: '1.3.6.1.5.5.7.3.2',
}

/** The legacy call names the key kind instead of an OID. */
const LEGACY_KEY_TYPE: Record<TNcaLayerKeyUsage, 'SIGNATURE' | 'AUTHENTICATION'> = {
  SIGN: 'SIGNATURE',
  AUTH: 'AUTHENTICATION',
}

export const NCALAYER_BASICS_MODULE = 'kz.gov.pki.knca.basics'
export const NCALAYER_LEGACY_MODULE = 'kz.gov.pki.knca.commonUtils'

/** Long enough to find a token, type a PIN and maybe retype it. */
export const NCALAYER_SIGN_TIMEOUT_MS = 5 * 60_000
/** NCALayer greets at once when it runs; a socket that stays silent is something else. */
export const NCALAYER_CONNECT_TIMEOUT_MS = 5_000

export type TNcaLayerErrorCode = 'not_running' | 'cancelled' | 'failed' | 'timeout'
export interface TNcaLayerError {
  code: TNcaLayerErrorCode
  message?: string
}

/** Every rejection of this module; `message` is NCALayer's own text for 'failed'. */
export class NcaLayerError extends Error implements TNcaLayerError {
  readonly code: TNcaLayerErrorCode
  constructor(code: TNcaLayerErrorCode, message = '') {
    super(message)
    this.name = 'NcaLayerError'
    this.code = code
  }
}

export function isNcaLayerError(e: unknown): e is NcaLayerError {
  return e instanceof NcaLayerError
}

// Method syntax is compared bivariantly, so both the DOM WebSocket and the `ws` package's
// constructor fit this shape without casts (their event types differ from each other).
type TBivariantHandler<E> = { bivarianceHack(ev: E): void }['bivarianceHack']

/** What the client needs of a WebSocket: the browser's, or `ws`'s in node (Node 20 has none built in). */
export interface TWebSocketLike {
  readonly readyState: number
  onopen: TBivariantHandler<unknown> | null
  onmessage: TBivariantHandler<{ data: unknown }> | null
  onerror: TBivariantHandler<unknown> | null
  onclose: TBivariantHandler<unknown> | null
  send(data: string): void
  close(code?: number, reason?: string): void
}
export type TWebSocketCtor = new (url: string) => TWebSocketLike

export interface TConnectOptions {
  timeoutMs?: number
  /** Defaults to the browser's WebSocket. */
  WebSocket?: TWebSocketCtor
}

export interface TSignCmsOptions {
  /** Base64 of the bytes to sign (NCALayer decodes it: `decode: true`). */
  data: string
  /** true: the CMS carries the data (attached); false: detached. */
  attach: boolean
  /** Storages offered in NCALayer's dialog; the legacy call uses the first. Default PKCS12. */
  storages?: readonly string[]
  /** Only keys of this person (basics API only). */
  iin?: string
  /** Only keys of this organisation (basics API only). */
  bin?: string
  keyUsage: TNcaLayerKeyUsage
  locale: TNcaLayerLocale
  timeoutMs?: number
}

export interface TNcaLayerConnection {
  readonly url: string
  /** NCALayer's version from its greeting. */
  readonly version: string
  /** 'basics' until NCALayer shows it lacks the module (see the top of this file). */
  readonly api: 'basics' | 'legacy'
  readonly closed: boolean
  close: () => void
}

const CLOSING = 2

function asText(data: unknown): string {
  if (typeof data === 'string') return data
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data)
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data)
  return String(data)
}

function parse(data: unknown): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(asText(data))
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined
}

interface TPending {
  resolve: (reply: Record<string, unknown>) => void
  reject: (e: NcaLayerError) => void
}

class Connection implements TNcaLayerConnection {
  readonly url: string
  readonly version: string
  api: 'basics' | 'legacy' = 'basics'
  closed = false
  private readonly socket: TWebSocketLike
  private pending: TPending | null = null
  // NCALayer answers in the order it was asked, with nothing to match an answer to its
  // request: one request at a time, the next waits for the previous one to settle.
  private queue: Promise<unknown> = Promise.resolve()

  constructor(url: string, version: string, socket: TWebSocketLike) {
    this.url = url
    this.version = version
    this.socket = socket
    socket.onmessage = (ev) => {
      const p = this.pending
      this.pending = null
      // An answer nobody waits for (a request that timed out) cannot be placed: the connection is closed then (see request()).
      if (!p) return
      const reply = parse(ev.data)
      if (reply) p.resolve(reply)
      else p.reject(new NcaLayerError('failed', 'NCALayer sent an answer that is not JSON'))
    }
    socket.onerror = () => {}
    socket.onclose = () => {
      this.closed = true
      const p = this.pending
      this.pending = null
      p?.reject(new NcaLayerError('not_running', 'NCALayer closed the connection'))
    }
  }

  close = (): void => {
    if (this.closed) return
    this.closed = true
    const p = this.pending
    this.pending = null
    p?.reject(new NcaLayerError('cancelled', 'the connection was closed'))
    try {
      this.socket.close(1000)
    } catch {
      // Closing a socket that is already going away is not an error here.
    }
  }

  request(message: object, timeoutMs: number): Promise<Record<string, unknown>> {
    const run = () =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        if (this.closed || this.socket.readyState >= CLOSING) {
          reject(new NcaLayerError('not_running', 'NCALayer closed the connection'))
          return
        }
        const timer = setTimeout(() => {
          if (this.pending !== entry) return
          this.pending = null
          // NCALayer's dialog may still be open and answer later; that answer would be taken
          // for the next request's, so this connection is done.
          this.close()
          reject(new NcaLayerError('timeout'))
        }, timeoutMs)
        const entry: TPending = {
          resolve: (r) => {
            clearTimeout(timer)
            resolve(r)
          },
          reject: (e) => {
            clearTimeout(timer)
            reject(e)
          },
        }
        this.pending = entry
        try {
          this.socket.send(JSON.stringify(message))
        } catch {
          this.pending = null
          entry.reject(new NcaLayerError('not_running', 'could not send to NCALayer'))
        }
      })
    const result = this.queue.then(run, run)
    this.queue = result.catch(() => undefined)
    return result
  }
}

/**
 * Opens the connection and waits for NCALayer's greeting `{"result":{"version":…}}`.
 * Rejects `not_running` when the socket cannot open, closes, or stays silent past
 * `timeoutMs` (NCALayer not started, blocked by the page's connect-src, or another
 * program on the port).
 */
export function connectNcaLayer(url: string = NCALAYER_DEFAULT_URL, opts: TConnectOptions = {}): Promise<TNcaLayerConnection> {
  const timeoutMs = opts.timeoutMs ?? NCALAYER_CONNECT_TIMEOUT_MS
  const Ctor = opts.WebSocket ?? (globalThis as { WebSocket?: TWebSocketCtor }).WebSocket
  if (!Ctor) return Promise.reject(new NcaLayerError('not_running', 'this browser has no WebSocket'))
  return new Promise<TNcaLayerConnection>((resolve, reject) => {
    let socket: TWebSocketLike
    try {
      socket = new Ctor(url)
    } catch (e) {
      reject(new NcaLayerError('not_running', e instanceof Error ? e.message : String(e)))
      return
    }
    let settled = false
    const fail = (message: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      try {
        socket.close()
      } catch {
        // Nothing to close.
      }
      reject(new NcaLayerError('not_running', message))
    }
    const timer = setTimeout(() => fail(`no greeting from NCALayer within ${timeoutMs} ms`), timeoutMs)
    socket.onerror = () => fail('could not connect to NCALayer')
    socket.onclose = () => fail('NCALayer closed the connection')
    socket.onmessage = (ev) => {
      if (settled) return
      const greeting = parse(ev.data)
      const result = greeting?.result as { version?: unknown } | undefined
      const version = result && typeof result === 'object' ? result.version : undefined
      if (typeof version !== 'string' && typeof version !== 'number') {
        fail('the program on this port did not greet like NCALayer')
        return
      }
      settled = true
      clearTimeout(timer)
      resolve(new Connection(url, String(version), socket))
    }
  })
}

function connection(conn: TNcaLayerConnection): Connection {
  if (!(conn instanceof Connection)) throw new TypeError('not a connection made by connectNcaLayer()')
  return conn
}

/** The first CMS of a basics result: a string, an array of them, or `{signatures, certificate}` (with outputCert). */
function firstSignature(result: unknown): string | undefined {
  if (typeof result === 'string') return text(result)
  if (Array.isArray(result)) return firstSignature(result[0])
  if (result && typeof result === 'object' && 'signatures' in result) return firstSignature((result as { signatures: unknown }).signatures)
  return undefined
}

function basicsRequest(o: TSignCmsOptions) {
  const signerParams: Record<string, unknown> = { extKeyUsageOids: [NCALAYER_KEY_USAGE_OIDS[o.keyUsage]] }
  if (o.iin) signerParams.iin = o.iin
  if (o.bin) signerParams.bin = o.bin
  // An empty chain: NCALayer builds no certificate path, so NCA test keys are accepted as well;
  // the server verifies the chain and revocation of what it receives.
  signerParams.chain = []
  return {
    module: NCALAYER_BASICS_MODULE,
    method: 'sign',
    args: {
      allowedStorages: o.storages?.length ? [...o.storages] : ['PKCS12'],
      format: 'cms',
      data: o.data,
      signingParams: { decode: true, encapsulate: o.attach, digested: false },
      signerParams,
      locale: o.locale,
    },
  }
}

function legacyRequest(o: TSignCmsOptions) {
  return {
    module: NCALAYER_LEGACY_MODULE,
    method: 'createCMSSignatureFromBase64',
    args: [o.storages?.[0] ?? 'PKCS12', LEGACY_KEY_TYPE[o.keyUsage], o.data, o.attach],
  }
}

/** The legacy call reports a closed dialog as an error with this message (assumed from public client code). */
const LEGACY_CANCELLED = 'action.canceled'

function fromLegacy(reply: Record<string, unknown>): string {
  const code = reply.code === undefined ? undefined : String(reply.code)
  if (code === '200') {
    const cms = firstSignature(reply.responseObject)
    if (cms) return cms
    throw new NcaLayerError('failed', 'NCALayer answered without a signature')
  }
  const message = text(reply.message)
  if (message === LEGACY_CANCELLED) throw new NcaLayerError('cancelled')
  throw new NcaLayerError('failed', message ?? `NCALayer answered code ${code ?? '(none)'}`)
}

/**
 * Asks NCALayer for a CMS signature of `data` (base64) and gives the base64 CMS. The person
 * picks the key and types the PIN in NCALayer's own window; this waits up to `timeoutMs`
 * (5 minutes) for that. Rejects with NcaLayerError: `cancelled` (the person closed the
 * dialog), `failed` (NCALayer's message), `timeout`, `not_running` (NCALayer went away).
 */
export async function signCms(conn: TNcaLayerConnection, opts: TSignCmsOptions): Promise<string> {
  const c = connection(conn)
  const timeoutMs = opts.timeoutMs ?? NCALAYER_SIGN_TIMEOUT_MS
  if (c.api === 'basics') {
    const reply = await c.request(basicsRequest(opts), timeoutMs)
    if (typeof reply.status === 'boolean') {
      if (!reply.status) {
        const message = text(reply.message) ?? text(reply.details) ?? (reply.code === undefined ? undefined : `NCALayer error ${String(reply.code)}`)
        throw new NcaLayerError('failed', message)
      }
      const body = reply.body as { result?: unknown } | undefined
      // NCALayer reports a closed dialog as success without a result.
      if (!body || typeof body !== 'object' || !('result' in body) || body.result === null || body.result === undefined) throw new NcaLayerError('cancelled')
      const cms = firstSignature(body.result)
      if (!cms) throw new NcaLayerError('failed', 'NCALayer answered without a signature')
      return cms
    }
    c.api = 'legacy'
  }
  return fromLegacy(await c.request(legacyRequest(opts), timeoutMs))
}
