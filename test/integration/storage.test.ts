import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startS3Server, type TS3Server } from '../../scripts/lib/s3-server'
import { resetConfigForTests } from '../../server/lib/config'
import { AppError } from '../../server/lib/errors'
import {
  ensureBucket,
  generateObjectKey,
  getObjectStream,
  pingStorage,
  presignGet,
  presignPut,
  putObjectStream,
  removeObject,
  statObject,
} from '../../server/lib/storage'

const MiB = 1024 * 1024
let s3: TS3Server
let dir: string

/** A deterministic pseudo-random body of `total` bytes in 64 KiB chunks, hashed as it is produced. */
function bodyStream(total: number, seed = 'x'): { stream: Readable; sha256: () => string } {
  const hash = createHash('sha256')
  let sent = 0
  let block = createHash('sha512').update(seed).digest()
  const stream = new Readable({
    read() {
      if (sent >= total) return this.push(null)
      const n = Math.min(64 * 1024, total - sent)
      const chunk = Buffer.alloc(n)
      for (let i = 0; i < n; i += block.length) {
        block = createHash('sha512').update(block).digest()
        block.copy(chunk, i, 0, Math.min(block.length, n - i))
      }
      sent += n
      hash.update(chunk)
      this.push(chunk)
    },
  })
  return { stream, sha256: () => hash.digest('hex') }
}

async function sha256Of(stream: Readable): Promise<{ hex: string; bytes: number }> {
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of stream) {
    hash.update(chunk as Buffer)
    bytes += (chunk as Buffer).length
  }
  return { hex: hash.digest('hex'), bytes }
}

async function expectAppError(p: Promise<unknown>, code: string) {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e, `expected AppError ${code}`).toBeInstanceOf(AppError)
  expect((e as AppError).code).toBe(code)
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'd24-s3-'))
  // No bucket at start: ensureBucket must create it.
  s3 = await startS3Server({ port: 0, dir })
  process.env.S3_ENDPOINT = s3.endpoint
  process.env.S3_BUCKET = 'test-bucket'
  process.env.S3_ACCESS_KEY = 'S3RVER'
  process.env.S3_SECRET_KEY = 'S3RVER'
  process.env.UPLOAD_MAX_BYTES = String(24 * MiB)
  resetConfigForTests()
  await ensureBucket()
  await ensureBucket() // idempotent
})

afterAll(async () => {
  await s3?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('storage on a real S3 server (s3rver)', () => {
  it('uploads through a presigned PUT and downloads the same bytes through a presigned GET', async () => {
    const key = generateObjectKey('test/presign', 'pdf')
    const bytes = randomBytes(300 * 1024)
    const put = await presignPut(key, { expiresSec: 300, contentType: 'application/pdf' })
    expect(put.url).toContain('X-Amz-Signature=')
    const up = await fetch(put.url, { method: 'PUT', headers: put.headers, body: bytes })
    expect(up.status).toBe(200)

    const stat = await statObject(key)
    expect(stat.size).toBe(bytes.length)
    expect(stat.contentType).toBe('application/pdf')

    const get = await presignGet(key, { expiresSec: 300, filename: 'Договор №1.pdf' })
    const down = await fetch(get.url)
    expect(down.status).toBe(200)
    expect(Buffer.from(await down.arrayBuffer()).equals(bytes)).toBe(true)
    const disposition = down.headers.get('content-disposition') ?? ''
    expect(disposition).toContain('attachment;')
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1] ?? '')).toBe('Договор №1.pdf')
  })

  it('refuses a presigned GET once it has expired', async () => {
    const key = generateObjectKey('test/expiry', 'txt')
    await putObjectStream(key, Readable.from([Buffer.from('hello')]), 5, 'text/plain')
    const get = await presignGet(key, { expiresSec: 1 })
    await new Promise((r) => setTimeout(r, 2100))
    const res = await fetch(get.url)
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('Request has expired')
  })

  it('streams a 20 MiB body in and out with the same bytes', async () => {
    const key = generateObjectKey('test/stream', 'bin')
    const size = 20 * MiB
    const body = bodyStream(size, 'multipart')
    const res = await putObjectStream(key, body.stream, size, 'application/octet-stream')
    expect(res.size).toBe(size)
    const got = await sha256Of(await getObjectStream(key))
    expect(got.bytes).toBe(size)
    expect(got.hex).toBe(body.sha256())
  })

  it('streams a body of unknown size', async () => {
    const key = generateObjectKey('test/stream', 'bin')
    const body = bodyStream(3 * MiB + 17, 'unknown-size')
    const res = await putObjectStream(key, body.stream, undefined, 'application/octet-stream')
    expect(res.size).toBe(3 * MiB + 17)
    expect((await sha256Of(await getObjectStream(key))).hex).toBe(body.sha256())
  })

  it('refuses a body over UPLOAD_MAX_BYTES, declared or not, and keeps nothing', async () => {
    const declared = generateObjectKey('test/limit', 'bin')
    await expectAppError(putObjectStream(declared, bodyStream(25 * MiB).stream, 25 * MiB, 'application/octet-stream'), 'PAYLOAD_TOO_LARGE')
    await expectAppError(statObject(declared), 'NOT_FOUND')

    const undeclared = generateObjectKey('test/limit', 'bin')
    await expectAppError(putObjectStream(undeclared, bodyStream(25 * MiB).stream, undefined, 'application/octet-stream'), 'PAYLOAD_TOO_LARGE')
    await expectAppError(statObject(undeclared), 'NOT_FOUND')

    const perCall = generateObjectKey('test/limit', 'bin')
    await expectAppError(putObjectStream(perCall, bodyStream(2 * MiB).stream, undefined, 'application/octet-stream', { maxBytes: MiB }), 'PAYLOAD_TOO_LARGE')
    await expectAppError(statObject(perCall), 'NOT_FOUND')
  })

  it('refuses a body longer or shorter than its declared size', async () => {
    const longer = generateObjectKey('test/limit', 'bin')
    await expectAppError(putObjectStream(longer, bodyStream(2 * MiB).stream, MiB, 'application/octet-stream'), 'BAD_REQUEST')
    await expectAppError(statObject(longer), 'NOT_FOUND')
    const shorter = generateObjectKey('test/limit', 'bin')
    await expectAppError(putObjectStream(shorter, bodyStream(MiB).stream, 2 * MiB, 'application/octet-stream'), 'BAD_REQUEST')
    await expectAppError(statObject(shorter), 'NOT_FOUND')
  })

  it('stores nothing when the client hangs up half way', async () => {
    const key = generateObjectKey('test/abort', 'bin')
    let n = 0
    const source = new Readable({
      read() {
        if (++n > 8) return this.destroy(new Error('client went away'))
        this.push(Buffer.alloc(64 * 1024, n))
      },
    })
    await expectAppError(putObjectStream(key, source, 4 * MiB, 'application/octet-stream'), 'BAD_REQUEST')
    await expectAppError(statObject(key), 'NOT_FOUND')
  })

  it('refuses keys that could escape their prefix', async () => {
    for (const key of ['../etc/passwd', 'a/../b', '/abs/path', 'a//b', 'a/./b', 'a\\b', 'a/b?c', '']) {
      await expectAppError(statObject(key), 'VALIDATION')
      await expectAppError(presignGet(key, { expiresSec: 60 }), 'VALIDATION')
    }
    expect(() => generateObjectKey('../x')).toThrow(AppError)
  })

  it('answers NOT_FOUND for a missing object and removes idempotently', async () => {
    const key = generateObjectKey('test/missing', 'txt')
    await expectAppError(getObjectStream(key), 'NOT_FOUND')
    await putObjectStream(key, Readable.from([Buffer.from('x')]), 1, 'text/plain')
    await removeObject(key)
    await removeObject(key)
    await expectAppError(statObject(key), 'NOT_FOUND')
  })

  it('pings true while the server runs and false once it is stopped', async () => {
    expect(await pingStorage()).toBe(true)
    await s3.stop()
    const t0 = Date.now()
    expect(await pingStorage(1500)).toBe(false)
    expect(Date.now() - t0).toBeLessThan(3000)
  })
})
