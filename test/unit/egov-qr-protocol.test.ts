import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inflateSync } from 'node:zlib'
import QRCode from 'qrcode'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createEgovQrClient, EgovQrError, type TEgovQrClient, type TEgovQrDocument, type TEgovQrProcedure } from '../../server/integrations/egov-qr/client'
import { EgovEmulatorError } from '../../server/integrations/egov-qr/emulator'
import { startFakeEgovQr, type TFakeEgovQr, type TFakeEgovQrOptions } from '../fakes/egov-qr'

let fake: TFakeEgovQr | undefined

afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function start(opts: TFakeEgovQrOptions = {}): Promise<{ fake: TFakeEgovQr; client: TEgovQrClient }> {
  fake = await startFakeEgovQr(opts)
  return { fake, client: createEgovQrClient({ url: `${fake.url}/`, timeoutMs: 5000 }) }
}

function idOf(p: TEgovQrProcedure): string {
  return p.dataUrl.split('/').pop()!
}

/** A caught rejection, typed, so a test can look at the error's fields. */
async function failure(p: Promise<unknown>): Promise<EgovQrError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(EgovQrError)
  return e as EgovQrError
}

const docs: TEgovQrDocument[] = [
  { names: { ru: 'Договор', kk: 'Шарт', en: 'Contract' }, meta: [{ name: 'Номер', value: '42' }], data: Buffer.from('%PDF-1.7 the contract'), pdf: true },
  { names: { ru: 'Приложение', kk: 'Қосымша', en: 'Annex' }, data: new Uint8Array([0, 1, 2, 250, 251, 252]), pdf: false },
]

/** Stands in for the phone's CMS: different for each document and for each method, so a mix-up shows. */
function fakeCms(data: Uint8Array, attach: boolean): Uint8Array {
  return Buffer.concat([Buffer.from(attach ? 'CMS+DATA:' : 'CMS:'), createHash('sha256').update(data).digest()])
}

/** Reads an 8-bit PNG (any filter) into its pixels' darkness: enough to read a QR's modules back. */
function readPng(png: Buffer): { width: number; height: number; dark: (x: number, y: number) => boolean } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
  let off = 8
  let width = 0
  let height = 0
  let bpp = 0
  const idat: Buffer[] = []
  while (off < png.length) {
    const len = png.readUInt32BE(off)
    const type = png.toString('latin1', off + 4, off + 8)
    const data = png.subarray(off + 8, off + 8 + len)
    off += 12 + len
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      expect(data[8]).toBe(8)
      bpp = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[data[9]!]!
    } else if (type === 'IDAT') idat.push(data)
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * bpp
  const px = Buffer.alloc(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!
      const a = x >= bpp ? px[y * stride + x - bpp]! : 0
      const b = y > 0 ? px[(y - 1) * stride + x]! : 0
      const c = x >= bpp && y > 0 ? px[(y - 1) * stride + x - bpp]! : 0
      const p = a + b - c
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c
      const predicted = [0, a, b, Math.floor((a + b) / 2), paeth][filter]!
      px[y * stride + x] = (v + predicted) & 0xff
    }
  }
  return { width, height, dark: (x, y) => px[y * stride + x * bpp]! < 128 }
}

describe('eGov QR: register', () => {
  it('returns the QR of the phone page, the URLs to send data to and collect from, and the launch links', async () => {
    const { fake, client } = await start({ ttlMs: 60_000 })
    const before = Date.now()
    const p = await client.register('Договор №42')
    const id = idOf(p)
    const phone = `${fake.url}/phone/${id}`

    expect(p.dataUrl).toBe(`${fake.url}/api/egovQr/${id}`)
    expect(p.signUrl).toBe(p.dataUrl)
    expect(p.mobileLink).toBe(`${phone}?app=mobile`)
    expect(p.businessLink).toBe(`${phone}?app=business`)
    expect(p.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 60_000)
    expect(p.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 60_000)
    expect(fake.requests).toEqual([{ method: 'POST', path: '/api/egovQr' }])
    expect(fake.emulator.view(id)).toMatchObject({ id, description: 'Договор №42', state: 'waiting_scan' })

    // The image read back module by module is the QR of the phone page (qrcode's defaults: margin 4, 4 px a module).
    const img = readPng(Buffer.from(p.qrCode, 'base64'))
    const qr = QRCode.create(phone, { errorCorrectionLevel: 'M' })
    const size = qr.modules.size
    const scale = img.width / (size + 8)
    expect(img.width).toBe(img.height)
    expect(Number.isInteger(scale)).toBe(true)
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        const x = Math.floor((4 + col + 0.5) * scale)
        const y = Math.floor((4 + row + 0.5) * scale)
        expect(img.dark(x, y), `module ${row},${col}`).toBe(Boolean(qr.modules.get(row, col)))
      }
    }
  })

  it('an answer with a message is refused, whatever its status', async () => {
    const { fake, client } = await start()
    const tooLong = await failure(client.register('x'.repeat(501)))
    expect(tooLong).toMatchObject({ reason: 'refused', code: 'BAD_REQUEST', providerStatus: 400, retryAfter: undefined })
    expect(tooLong.detail).toMatch(/longer than 500/)

    fake.override = () => ({ status: 200, body: { message: 'QR signing is disabled for this account' } })
    const e = await failure(client.register('Договор'))
    expect(e).toMatchObject({ reason: 'refused', status: 400, providerStatus: 200, detail: 'QR signing is disabled for this account' })
    expect(e.message).toContain(`${fake.url}/api/egovQr`)
  })

  it('an error page that is not the service\'s fails naming the URL, and can be retried', async () => {
    const { fake, client } = await start()
    fake.override = () => ({ status: 502, raw: '<html><body>502 Bad Gateway</body></html>' })
    const e = await failure(client.register('Договор'))
    expect(e).toMatchObject({ reason: 'failed', code: 'UNAVAILABLE', providerStatus: 502, retryable: true })
    expect(e.message).toContain(`POST ${fake.url}/api/egovQr`)
    expect(e.message).toContain('502 Bad Gateway')
    expect(e.message).toContain('EGOV_QR_URL')

    // A 5xx in the service's own format is the service failing, not a refusal.
    fake.override = () => ({ status: 503, body: { message: 'Maintenance' } })
    expect(await failure(client.register('Договор'))).toMatchObject({ reason: 'failed', detail: 'Maintenance', retryable: true })
  })

  it('an answer without what a signing needs is a bad answer', async () => {
    const { fake, client } = await start()
    fake.override = () => ({ status: 200, body: { qrCode: 'R0lGODlh', dataURL: `${fake.url}/api/egovQr/x` } })
    const e = await failure(client.register('Договор'))
    expect(e).toMatchObject({ reason: 'bad_answer', code: 'INTERNAL', retryable: false })
    expect(e.message).toMatch(/signURL/)

    fake.override = () => ({ status: 200, raw: 'OK' })
    expect(await failure(client.register('Договор'))).toMatchObject({ reason: 'bad_answer' })
  })

  it('takes the optional fields leniently: no expiry, no launch links, no link that would run script', async () => {
    const { fake, client } = await start()
    fake.override = () => ({
      status: 200,
      body: { qrCode: 'R0lGODlh', dataURL: `${fake.url}/api/egovQr/x`, signURL: `${fake.url}/api/egovQr/x`, eGovMobileLaunchLink: 'javascript:alert(1)', expireAt: 'soon' },
    })
    expect(await client.register('Договор')).toEqual({
      qrCode: 'R0lGODlh',
      dataUrl: `${fake.url}/api/egovQr/x`,
      signUrl: `${fake.url}/api/egovQr/x`,
      expiresAt: null,
      mobileLink: null,
      businessLink: null,
    })
  })

  it('an unreachable service and one that does not answer in time are told apart', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const e = await failure(createEgovQrClient({ url: `http://127.0.0.1:${port}` }).register('Договор'))
    expect(e).toMatchObject({ reason: 'unreachable', code: 'UNAVAILABLE', providerStatus: 0, retryable: true })
    expect(e.message).toContain(`http://127.0.0.1:${port}/api/egovQr`)

    const { fake } = await start()
    fake.override = () => 'hang'
    const t = await failure(createEgovQrClient({ url: fake.url, timeoutMs: 200 }).register('Договор'))
    expect(t).toMatchObject({ reason: 'timeout', retryable: true })
    expect(t.message).toMatch(/no answer within 200 ms/)
  })

  it('refuses an answer larger than 64 MiB without reading it', async () => {
    const { fake, client } = await start()
    fake.override = () => ({ status: 200, raw: '{"qrCode":"', headers: { 'content-length': String(65 * 1024 * 1024) } })
    const e = await failure(client.register('Договор'))
    expect(e).toMatchObject({ reason: 'bad_answer' })
    expect(e.message).toMatch(/larger than/)
  })
})

describe('eGov QR: handing the documents over', () => {
  it('is pending while nobody scanned: the service drops the held request', async () => {
    const { fake } = await start({ holdMs: 200 })
    const errors: string[] = []
    // Sees why each request ended without an answer: here the service closed it, the client did not give up.
    const spy: typeof fetch = (input, init) =>
      fetch(input, init).catch((e: unknown) => {
        errors.push((e as Error).name)
        throw e
      })
    const client = createEgovQrClient({ url: fake.url }, spy)
    const p = await client.register('Договор')
    expect(await client.sendData(p.dataUrl, { attach: false, documents: docs }, { waitMs: 300 })).toBe('pending')
    expect(errors).toEqual(['TypeError'])
    expect(fake.emulator.view(idOf(p))!.state).toBe('waiting_scan')

    fake.emulator.scan(idOf(p))
    expect(await client.sendData(p.dataUrl, { attach: false, documents: docs }, { waitMs: 300 })).toBe('sent')
    expect(fake.emulator.view(idOf(p))).toMatchObject({
      state: 'ready',
      signMethod: 'CMS_SIGN_ONLY',
      documents: [
        { id: 1, nameRu: 'Договор', nameKz: 'Шарт', nameEn: 'Contract', meta: [{ name: 'Номер', value: '42' }], pdf: true, size: docs[0]!.data.byteLength },
        { id: 2, nameRu: 'Приложение', nameKz: 'Қосымша', nameEn: 'Annex', meta: [], pdf: false, size: 6 },
      ],
    })
    expect(Buffer.from(fake.emulator.documentData(idOf(p), 2)!.data)).toEqual(Buffer.from(docs[1]!.data))
  })

  it('is pending when the client stops waiting first, and the service lets go of the request', async () => {
    const { fake, client } = await start({ holdMs: 10_000 })
    const p = await client.register('Договор')
    expect(await client.sendData(p.dataUrl, { attach: false, documents: docs }, { waitMs: 300 })).toBe('pending')
    await vi.waitFor(() => expect(fake.emulator.held).toBe(0))
    expect(fake.emulator.view(idOf(p))!.state).toBe('waiting_scan')
  })

  it('is pending when the caller cancels it (a worker shutting down)', async () => {
    const { fake, client } = await start({ holdMs: 10_000 })
    const p = await client.register('Договор')
    const stop = new AbortController()
    const sending = client.sendData(p.dataUrl, { attach: false, documents: docs }, { waitMs: 10_000, signal: stop.signal })
    await vi.waitFor(() => expect(fake.emulator.held).toBe(1))
    stop.abort()
    expect(await sending).toBe('pending')
    await vi.waitFor(() => expect(fake.emulator.held).toBe(0))
    expect(await client.collect(p.signUrl, { waitMs: 10_000, signal: stop.signal })).toBe('pending')
  })

  it('a held request goes through as soon as the phone scans', async () => {
    const { fake, client } = await start({ holdMs: 10_000 })
    const p = await client.register('Договор')
    const sending = client.sendData(p.dataUrl, { attach: true, documents: docs }, { waitMs: 10_000 })
    await vi.waitFor(() => expect(fake.emulator.held).toBe(1))
    expect(fake.emulator.scan(idOf(p)).state).toBe('waiting_data')
    expect(await sending).toBe('sent')
    expect(fake.emulator.view(idOf(p))).toMatchObject({ state: 'ready', signMethod: 'CMS_WITH_DATA' })
  })

  it('data sent twice, or data the service will not take, is refused', async () => {
    const { fake, client } = await start()
    const p = await client.register('Договор')
    fake.emulator.scan(idOf(p))
    expect(await client.sendData(p.dataUrl, { attach: false, documents: docs }, { waitMs: 1000 })).toBe('sent')
    const again = await failure(client.sendData(p.dataUrl, { attach: false, documents: docs }, { waitMs: 1000 }))
    expect(again).toMatchObject({ reason: 'refused', providerStatus: 409, detail: 'The data has already been sent' })
    expect(() => fake.emulator.scan(idOf(p))).toThrow(EgovEmulatorError)

    const q = await client.register('Договор')
    const empty = await failure(client.sendData(q.dataUrl, { attach: false, documents: [] }, { waitMs: 1000 }))
    expect(empty).toMatchObject({ reason: 'refused', providerStatus: 400 })
    expect(empty.detail).toMatch(/documentsToSign/)
    expect(await fake.emulator.postData('nope', {})).toEqual({ status: 404, body: { message: 'Unknown procedure' } })
  })
})

describe('eGov QR: collecting the signatures', () => {
  async function ready(opts: TFakeEgovQrOptions, attach: boolean) {
    const { fake, client } = await start(opts)
    const p = await client.register('Договор')
    fake.emulator.scan(idOf(p))
    expect(await client.sendData(p.dataUrl, { attach, documents: docs }, { waitMs: 1000 })).toBe('sent')
    return { fake, client, p, id: idOf(p) }
  }

  it('is pending before the person signed, then returns each document\'s CMS in order', async () => {
    const { fake, client, p, id } = await ready({ holdMs: 200 }, true)
    expect(await client.collect(p.signUrl, { waitMs: 300 })).toBe('pending')

    const seen: Array<{ data: Buffer; attach: boolean }> = []
    await fake.emulator.sign(id, async (data, attach) => {
      seen.push({ data: Buffer.from(data), attach })
      return fakeCms(data, attach)
    })
    expect(seen).toEqual(docs.map((d) => ({ data: Buffer.from(d.data), attach: true })))
    expect(fake.emulator.view(id)!.state).toBe('signed')

    const r = await client.collect(p.signUrl, { waitMs: 300 })
    if (r === 'pending') throw new Error('expected the signatures')
    expect(r.signatures.map((s) => Buffer.from(s, 'base64'))).toEqual(docs.map((d) => Buffer.from(fakeCms(d.data, true))))
    // Collecting again gives the same: a worker that lost the answer asks once more.
    expect(await client.collect(p.signUrl, { waitMs: 300 })).toEqual(r)
  })

  it('a held request is answered as soon as the person signs', async () => {
    const { fake, client, p, id } = await ready({ holdMs: 10_000 }, false)
    const collecting = client.collect(p.signUrl, { waitMs: 10_000 })
    await vi.waitFor(() => expect(fake.emulator.held).toBe(1))
    await fake.emulator.sign(id, async (data, attach) => fakeCms(data, attach))
    expect(await collecting).toEqual({ signatures: docs.map((d) => Buffer.from(fakeCms(d.data, false)).toString('base64')) })
  })

  it('the person declining is a refusal with the service\'s message', async () => {
    const { fake, client, p, id } = await ready({ holdMs: 10_000 }, false)
    const collecting = failure(client.collect(p.signUrl, { waitMs: 10_000 }))
    await vi.waitFor(() => expect(fake.emulator.held).toBe(1))
    expect(fake.emulator.decline(id).state).toBe('declined')
    const e = await collecting
    expect(e).toMatchObject({ reason: 'refused', code: 'BAD_REQUEST', providerStatus: 200, detail: 'The signer declined', retryable: false })
    expect(await failure(client.collect(p.signUrl, { waitMs: 1000 }))).toMatchObject({ reason: 'refused', detail: 'The signer declined' })
    await expect(fake.emulator.sign(id, async () => new Uint8Array([1]))).rejects.toMatchObject({ status: 409 })
  })

  it('an expired procedure is refused to both requests and to the phone', async () => {
    let clock = Date.now()
    const { fake, client } = await start({ ttlMs: 180_000, now: () => clock })
    const p = await client.register('Договор')
    clock += 180_001
    expect(fake.emulator.view(idOf(p))!.state).toBe('expired')
    const data = await failure(client.sendData(p.dataUrl, { attach: false, documents: docs }, { waitMs: 1000 }))
    expect(data).toMatchObject({ reason: 'refused', providerStatus: 410, detail: 'The QR code has expired' })
    expect(await failure(client.collect(p.signUrl, { waitMs: 1000 }))).toMatchObject({ reason: 'refused', detail: 'The QR code has expired' })
    expect(() => fake.emulator.scan(idOf(p))).toThrow(expect.objectContaining({ status: 410 }))
  })

  it('a proxy\'s 504 in front of a held request is the hold ending; other error answers are failures', async () => {
    const { fake, client, p } = await ready({}, false)
    fake.override = () => ({ status: 504, raw: '<html>504 Gateway Time-out</html>' })
    expect(await client.collect(p.signUrl, { waitMs: 1000 })).toBe('pending')
    fake.override = () => ({ status: 502, raw: '<html>502 Bad Gateway</html>' })
    expect(await failure(client.collect(p.signUrl, { waitMs: 1000 }))).toMatchObject({ reason: 'failed', providerStatus: 502 })
    fake.override = () => ({ status: 200, body: { documentsToSign: [{ document: { file: { mime: '', data: '' } } }] } })
    const bad = await failure(client.collect(p.signUrl, { waitMs: 1000 }))
    expect(bad).toMatchObject({ reason: 'bad_answer' })
    expect(bad.message).toMatch(/documentsToSign\.0\.document\.file\.data/)
  })
})
