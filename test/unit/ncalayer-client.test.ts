import { createHash } from 'node:crypto'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { startFakeNcaLayer, type TFakeNcaLayer, type TFakeSignOptions } from '../fakes/ncalayer'
import {
  NCALAYER_KEY_USAGE_OIDS,
  NcaLayerError,
  connectNcaLayer,
  signCms,
  type TNcaLayerConnection,
  type TSignCmsOptions,
} from '../../utils/ncalayer'

// Node 20 has no global WebSocket: the client takes `ws`'s, as a browser page gives its own.
const connect = (url: string, timeoutMs = 2000) => connectNcaLayer(url, { WebSocket, timeoutMs })

const DATA = Buffer.from('Договор аренды №7 — подписываю').toString('base64')
const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest())
const expectedCms = (b64: string) => Buffer.from(sha256(Buffer.from(b64, 'base64'))).toString('base64')

let fake: TFakeNcaLayer
const signed: Array<{ data: string; opts: TFakeSignOptions }> = []
const open: TNcaLayerConnection[] = []
let gate: Promise<void> | null = null

async function conn(): Promise<TNcaLayerConnection> {
  const c = await connect(fake.url)
  open.push(c)
  return c
}

async function rejection(p: Promise<unknown>): Promise<NcaLayerError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(NcaLayerError)
  return e as NcaLayerError
}

const base: TSignCmsOptions = { data: DATA, attach: false, keyUsage: 'SIGN', locale: 'kk' }

const fakeOptions: Parameters<typeof startFakeNcaLayer>[0] = {
  version: '1.4.0.7',
  sign: async (data, opts) => {
    signed.push({ data: Buffer.from(data).toString('base64'), opts })
    if (gate) await gate
    return sha256(data)
  },
}

beforeAll(async () => {
  fake = await startFakeNcaLayer(fakeOptions)
})

afterEach(() => {
  for (const c of open.splice(0)) c.close()
  fake.requests.length = 0
  signed.length = 0
  fake.behaviour = 'ok'
  fake.resultAs = 'array'
  gate = null
})

afterAll(async () => {
  await fake.stop()
})

describe('NCALayer client, basics module', () => {
  it('connects, keeps the version and signs detached with the IIN filter', async () => {
    const c = await conn()
    expect(c.version).toBe('1.4.0.7')
    expect(c.api).toBe('basics')

    const cms = await signCms(c, { ...base, iin: '880101300123' })
    expect(cms).toBe(expectedCms(DATA))
    expect(signed).toEqual([{ data: DATA, opts: { attach: false, storage: 'PKCS12', iin: '880101300123', bin: undefined, keyUsage: 'SIGN' } }])
    expect(fake.requests).toHaveLength(1)
    expect(fake.requests[0]).toMatchObject({
      module: 'kz.gov.pki.knca.basics',
      method: 'sign',
      args: {
        allowedStorages: ['PKCS12'],
        format: 'cms',
        data: DATA,
        signingParams: { decode: true, encapsulate: false, digested: false },
        signerParams: { extKeyUsageOids: [NCALAYER_KEY_USAGE_OIDS.SIGN], iin: '880101300123', chain: [] },
        locale: 'kk',
      },
    })
    // No BIN asked, none sent: NCALayer would filter on an empty one.
    expect((fake.requests[0]!.args as { signerParams: object }).signerParams).not.toHaveProperty('bin')
  })

  it('signs attached on a token, for an organisation, with the authentication key; a result given as a string is read too', async () => {
    fake.resultAs = 'string'
    const c = await conn()
    const cms = await signCms(c, { ...base, attach: true, storages: ['AKKaztokenStore', 'AKKZIDCardStore'], bin: '050740004819', keyUsage: 'AUTH', locale: 'ru' })
    expect(cms).toBe(expectedCms(DATA))
    expect(signed[0]!.opts).toEqual({ attach: true, storage: 'AKKaztokenStore', iin: undefined, bin: '050740004819', keyUsage: 'AUTH' })
    expect(fake.requests[0]!.args).toMatchObject({
      allowedStorages: ['AKKaztokenStore', 'AKKZIDCardStore'],
      signingParams: { encapsulate: true },
      signerParams: { extKeyUsageOids: [NCALAYER_KEY_USAGE_OIDS.AUTH], bin: '050740004819' },
      locale: 'ru',
    })
  })

  it('asks one thing at a time on a connection: the second request waits for the first answer', async () => {
    let open1!: () => void
    gate = new Promise<void>((r) => (open1 = r))
    const c = await conn()
    const first = signCms(c, base)
    const second = signCms(c, { ...base, data: Buffer.from('second').toString('base64') })
    await expect.poll(() => signed.length).toBe(1)
    await new Promise((r) => setTimeout(r, 50))
    expect(fake.requests).toHaveLength(1)
    open1()
    expect(await first).toBe(expectedCms(DATA))
    expect(await second).toBe(expectedCms(Buffer.from('second').toString('base64')))
    expect(fake.requests).toHaveLength(2)
  })

  it('reports the closed dialog as cancelled', async () => {
    fake.behaviour = 'cancel'
    const e = await rejection(signCms(await conn(), base))
    expect(e.code).toBe('cancelled')
  })

  it("reports NCALayer's error as failed, with its message", async () => {
    fake.behaviour = 'error'
    fake.errorMessage = 'Неверный пароль ключа'
    const e = await rejection(signCms(await conn(), base))
    expect(e.code).toBe('failed')
    expect(e.message).toBe('Неверный пароль ключа')
  })
})

describe('NCALayer client, legacy fallback', () => {
  it('falls back to createCMSSignatureFromBase64 when NCALayer does not know the basics module, and stays there', async () => {
    fake.behaviour = 'legacy-only'
    const c = await conn()
    const cms = await signCms(c, { ...base, attach: true, storages: ['AKKZIDCardStore'], iin: '880101300123' })
    expect(cms).toBe(expectedCms(DATA))
    expect(c.api).toBe('legacy')
    expect(fake.requests.map((r) => r.module)).toEqual(['kz.gov.pki.knca.basics', 'kz.gov.pki.knca.commonUtils'])
    expect(fake.requests[1]).toMatchObject({ method: 'createCMSSignatureFromBase64', args: ['AKKZIDCardStore', 'SIGNATURE', DATA, true] })
    expect(signed.at(-1)!.opts).toMatchObject({ attach: true, storage: 'AKKZIDCardStore', keyUsage: 'SIGN' })

    await signCms(c, { ...base, keyUsage: 'AUTH' })
    expect(fake.requests.map((r) => r.module)).toEqual(['kz.gov.pki.knca.basics', 'kz.gov.pki.knca.commonUtils', 'kz.gov.pki.knca.commonUtils'])
    expect(fake.requests[2]!.args).toEqual(['PKCS12', 'AUTHENTICATION', DATA, false])

    fake.behaviour = 'cancel'
    expect((await rejection(signCms(c, base))).code).toBe('cancelled')
    fake.behaviour = 'error'
    fake.errorMessage = 'Токен не подключён'
    const e = await rejection(signCms(c, base))
    expect(e.code).toBe('failed')
    expect(e.message).toBe('Токен не подключён')
  })
})

describe('NCALayer client, when NCALayer is not there or does not answer', () => {
  it('is not_running on a closed port', async () => {
    const server = createServer()
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as AddressInfo).port
    await new Promise<void>((r) => server.close(() => r()))
    const e = await rejection(connect(`ws://127.0.0.1:${port}`))
    expect(e.code).toBe('not_running')
  })

  it('is not_running when the program on the port never greets, or greets unlike NCALayer', async () => {
    const silent = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    const odd = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    odd.on('connection', (s) => s.send(JSON.stringify({ hello: 'world' })))
    await Promise.all([silent, odd].map((s) => new Promise((r) => s.once('listening', r))))
    try {
      const started = Date.now()
      expect((await rejection(connect(`ws://127.0.0.1:${(silent.address() as AddressInfo).port}`, 150))).code).toBe('not_running')
      expect(Date.now() - started).toBeLessThan(1000)
      expect((await rejection(connect(`ws://127.0.0.1:${(odd.address() as AddressInfo).port}`))).code).toBe('not_running')
    } finally {
      for (const s of [silent, odd]) {
        for (const c of s.clients) c.terminate()
        await new Promise((r) => s.close(r))
      }
    }
  })

  it('times out a request nobody answers and closes that connection; a new one works', async () => {
    fake.behaviour = 'hang'
    const c = await conn()
    const e = await rejection(signCms(c, { ...base, timeoutMs: 100 }))
    expect(e.code).toBe('timeout')
    expect(c.closed).toBe(true)
    expect((await rejection(signCms(c, base))).code).toBe('not_running')

    fake.behaviour = 'ok'
    expect(await signCms(await conn(), base)).toBe(expectedCms(DATA))
  })

  it('is not_running when NCALayer quits in the middle of a request', async () => {
    fake.behaviour = 'hang'
    const c = await conn()
    const pending = signCms(c, base)
    await expect.poll(() => fake.requests.length).toBe(1)
    await fake.stop()
    expect((await rejection(pending)).code).toBe('not_running')
    fake = await startFakeNcaLayer(fakeOptions)
  })
})
