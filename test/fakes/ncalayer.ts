import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

/**
 * A local NCALayer for tests of utils/ncalayer.ts and the signing component: a plain
 * ws:// server on 127.0.0.1 that greets with its version and answers the basics module's
 * `sign` and the legacy `createCMSSignatureFromBase64` as NCALayer does
 * (../shared/PROTOCOLS.md "NCALayer"). The signature itself comes from the injected
 * `sign`, so a test can hand it a real signer. `behaviour` can change between calls.
 */
export type TFakeNcaLayerBehaviour =
  /** signs */
  | 'ok'
  /** the person closes the dialog */
  | 'cancel'
  /** NCALayer reports an error (`errorMessage`) */
  | 'error'
  /** an NCALayer without the basics module: it answers that call as an unknown module, the legacy call signs */
  | 'legacy-only'
  /** never answers a sign request (the person walked away) */
  | 'hang'

export type TFakeKeyUsage = 'SIGN' | 'AUTH' | 'OTHER'

export interface TFakeSignOptions {
  attach: boolean
  storage: string
  iin?: string
  bin?: string
  keyUsage: TFakeKeyUsage
}

export interface TFakeNcaLayerRequest {
  module: string
  method: string
  args: unknown
  /** The frame as received. */
  raw: string
}

export interface TFakeNcaLayerOptions {
  sign: (data: Uint8Array, opts: TFakeSignOptions) => Promise<Uint8Array>
  behaviour?: TFakeNcaLayerBehaviour
  version?: string
}

export interface TFakeNcaLayer {
  url: string
  requests: TFakeNcaLayerRequest[]
  behaviour: TFakeNcaLayerBehaviour
  /** The text of the 'error' answer. */
  errorMessage: string
  /** How a basics success carries the CMS: NCALayer has sent both forms. */
  resultAs: 'array' | 'string'
  /** Connections currently open. */
  readonly connections: number
  stop: () => Promise<void>
}

const SIGN_OID = '1.3.6.1.5.5.7.3.4'
const AUTH_OID = '1.3.6.1.5.5.7.3.2'

function keyUsageOf(oids: unknown): TFakeKeyUsage {
  const list = Array.isArray(oids) ? oids : []
  if (list.includes(SIGN_OID)) return 'SIGN'
  if (list.includes(AUTH_OID)) return 'AUTH'
  return 'OTHER'
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64')
}

function fromB64(s: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(typeof s === 'string' ? s : '', 'base64'))
}

export async function startFakeNcaLayer(opts: TFakeNcaLayerOptions): Promise<TFakeNcaLayer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve)
    wss.once('error', reject)
  })
  const sockets = new Set<WebSocket>()

  const fake: TFakeNcaLayer = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    requests: [],
    behaviour: opts.behaviour ?? 'ok',
    errorMessage: 'Хранилище ключа не найдено',
    resultAs: 'array',
    get connections() {
      return sockets.size
    },
    stop: async () => {
      for (const s of sockets) s.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
    },
  }

  async function basics(args: Record<string, unknown>): Promise<object | null> {
    const b = fake.behaviour
    // What an NCALayer without the module gives back (assumed): its dispatcher's commonUtils-style error.
    if (b === 'legacy-only') return { code: '500', message: `Module ${'kz.gov.pki.knca.basics'} not found` }
    if (b === 'hang') return null
    if (b === 'cancel') return { status: true, body: {} }
    if (b === 'error') return { status: false, code: 'ERROR', message: fake.errorMessage, details: 'fake NCALayer' }
    const signing = (args.signingParams ?? {}) as { encapsulate?: unknown }
    const signer = (args.signerParams ?? {}) as { extKeyUsageOids?: unknown; iin?: unknown; bin?: unknown }
    const storages = Array.isArray(args.allowedStorages) ? (args.allowedStorages as unknown[]) : []
    const cms = b64(
      await opts.sign(fromB64(args.data), {
        attach: signing.encapsulate === true,
        storage: typeof storages[0] === 'string' ? storages[0] : 'PKCS12',
        iin: typeof signer.iin === 'string' && signer.iin ? signer.iin : undefined,
        bin: typeof signer.bin === 'string' && signer.bin ? signer.bin : undefined,
        keyUsage: keyUsageOf(signer.extKeyUsageOids),
      }),
    )
    return { status: true, body: { result: fake.resultAs === 'array' ? [cms] : cms } }
  }

  async function legacy(args: unknown[]): Promise<object | null> {
    const b = fake.behaviour
    if (b === 'hang') return null
    if (b === 'cancel') return { code: '500', message: 'action.canceled' }
    if (b === 'error') return { code: '500', message: fake.errorMessage }
    const [storage, keyType, data, attach] = args
    const cms = b64(
      await opts.sign(fromB64(data), {
        attach: attach === true,
        storage: typeof storage === 'string' ? storage : 'PKCS12',
        keyUsage: keyType === 'SIGNATURE' ? 'SIGN' : keyType === 'AUTHENTICATION' ? 'AUTH' : 'OTHER',
      }),
    )
    return { code: '200', responseObject: cms }
  }

  async function answer(raw: string): Promise<object | null> {
    let msg: { module?: unknown; method?: unknown; args?: unknown }
    try {
      msg = JSON.parse(raw) as typeof msg
    } catch {
      return { code: '500', message: 'bad request' }
    }
    const module = typeof msg.module === 'string' ? msg.module : ''
    const method = typeof msg.method === 'string' ? msg.method : ''
    fake.requests.push({ module, method, args: msg.args, raw })
    if (module === 'kz.gov.pki.knca.basics' && method === 'sign') return basics((msg.args ?? {}) as Record<string, unknown>)
    if (module === 'kz.gov.pki.knca.commonUtils' && method === 'createCMSSignatureFromBase64') return legacy(Array.isArray(msg.args) ? msg.args : [])
    return { code: '500', message: `Module ${module} not found` }
  }

  wss.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.send(JSON.stringify({ result: { version: opts.version ?? '1.4-fake' } }))
    // NCALayer works through one request at a time; so does this fake, in arrival order.
    let chain: Promise<void> = Promise.resolve()
    socket.on('message', (data) => {
      const raw = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8')
      chain = chain.then(async () => {
        const reply = await answer(raw).catch((e: unknown) => ({ status: false, code: 'ERROR', message: String(e) }))
        if (reply && socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply))
      })
    })
  })

  return fake
}
