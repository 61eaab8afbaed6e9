import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Client } from 'minio'
import { z } from 'zod'
import { useConfig, type TConfig } from './config'
import { AppError, isAppError } from './errors'
import { useLogger } from './log'
import { byteGuard, streamingPut, type TGuardState } from './s3-put'

/**
 * File storage on S3 (MinIO in production, s3rver locally) through the minio
 * client. Object keys are always made by us (generateObjectKey) and validated on
 * every call, so a client-supplied path can never address another object.
 *
 * Named useS3, not useStorage: Nitro auto-imports its own useStorage.
 */
const log = useLogger('storage')

/** Segments of letters, digits, `.`, `_`, `-`, each starting with a letter or digit; never `..`. */
export const ZObjectKeySchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/, 'invalid object key')
  .refine((k) => !k.includes('..'), 'object key must not contain ..')

const ZContentTypeSchema = z
  .string()
  .max(255)
  .regex(/^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=[\w.+"-]+)*$/, 'invalid content type')

/** S3 refuses presigned URLs valid for more than 7 days. */
const ZExpiresSchema = z.number().int().min(1).max(7 * 24 * 3600)

function parseKey(key: string): string {
  const r = ZObjectKeySchema.safeParse(key)
  if (!r.success) {
    throw new AppError('VALIDATION', `Invalid object key: ${r.error.issues[0]?.message ?? 'invalid'}`, {
      fields: [{ path: 'key', message: r.error.issues[0]?.message ?? 'invalid' }],
    })
  }
  return r.data
}

/** A fresh key under `prefix` (e.g. `documents/<workspaceId>`), with the date for cheap listing and lifecycle rules. */
export function generateObjectKey(prefix: string, ext?: string): string {
  const p = parseKey(prefix)
  const e = ext ? z.string().regex(/^[a-z0-9]{1,10}$/i).parse(ext.replace(/^\./, '')).toLowerCase() : undefined
  const now = new Date()
  const month = String(now.getUTCMonth() + 1).padStart(2, '0')
  return `${p}/${now.getUTCFullYear()}/${month}/${randomUUID()}${e ? `.${e}` : ''}`
}

const clients = new Map<string, Client>()

function clientFor(cfg: TConfig): Client {
  const id = [cfg.S3_ENDPOINT, cfg.S3_ACCESS_KEY, cfg.S3_REGION].join('|')
  let client = clients.get(id)
  if (!client) {
    const url = new URL(cfg.S3_ENDPOINT)
    const useSSL = url.protocol === 'https:'
    client = new Client({
      endPoint: url.hostname,
      port: url.port ? Number(url.port) : useSSL ? 443 : 80,
      useSSL,
      accessKey: cfg.S3_ACCESS_KEY,
      secretKey: cfg.S3_SECRET_KEY,
      // A fixed region spares a GetBucketLocation round trip before each first call.
      region: cfg.S3_REGION,
      pathStyle: true,
    })
    clients.set(id, client)
  }
  return client
}

/** The process-wide minio client for the configured S3 endpoint. */
export function useS3(): Client {
  return clientFor(useConfig())
}

function bucket(): string {
  return useConfig().S3_BUCKET
}

function s3Code(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : undefined
}

/** Maps what minio throws to the platform's errors; the key is in the message for the logs only. */
function toAppError(e: unknown, key: string, mode: 'read' | 'write' = 'read'): AppError {
  if (isAppError(e)) return e
  const code = s3Code(e)
  // On a write, a missing bucket is our misconfiguration, not the caller's missing file.
  if (mode === 'read' && (code === 'NoSuchKey' || code === 'NotFound' || code === 'NoSuchBucket')) {
    return AppError.notFound('File', { params: { key } })
  }
  log.warn('storage call failed', { key, code, err: e instanceof Error ? e.message : String(e) })
  return new AppError('UNAVAILABLE', 'File storage is unavailable, please try again shortly.', {
    messageKey: 'errors.unavailable',
    retryAfter: 5,
    cause: e,
  })
}

export async function ensureBucket(): Promise<void> {
  const s3 = useS3()
  try {
    if (await s3.bucketExists(bucket())) return
    await s3.makeBucket(bucket(), useConfig().S3_REGION)
  } catch (e) {
    // Another process created it between our check and our create.
    if (s3Code(e) === 'BucketAlreadyOwnedByYou' || s3Code(e) === 'BucketAlreadyExists') return
    throw toAppError(e, '')
  }
}

function tooLarge(max: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the allowed ${max} bytes.`, {
    messageKey: 'errors.payload_too_large',
    params: { maxBytes: max },
  })
}

export interface TPutResult {
  key: string
  size: number
  etag: string
}

/**
 * Streams a body into the bucket. `size` (when the caller knows it, e.g. from
 * Content-Length) is checked before reading anything, and the byte count is
 * enforced while reading, so a lying or missing size cannot pass the limit.
 *
 * The body is spooled to a temporary file before the PUT: an S3 PUT needs its
 * length up front, and a PUT cut off half way is not reliably discarded (s3rver
 * stores the truncated part), so only a complete, checked body is ever sent.
 */
export async function putObjectStream(
  key: string,
  stream: Readable,
  size: number | undefined,
  contentType: string,
  opts: { maxBytes?: number } = {},
): Promise<TPutResult> {
  const k = parseKey(key)
  const type = ZContentTypeSchema.parse(contentType)
  const max = Math.min(opts.maxBytes ?? Infinity, useConfig().UPLOAD_MAX_BYTES)
  if (size !== undefined && (!Number.isInteger(size) || size < 0)) throw new AppError('BAD_REQUEST', 'Invalid body size.')
  if (size !== undefined && size > max) {
    stream.destroy()
    throw tooLarge(max)
  }
  const state: TGuardState = { bytes: 0 }
  let clientFailed = false
  stream.once('error', () => (clientFailed = true))
  const spool = await mkdtemp(path.join(tmpdir(), 'd24-upload-'))
  try {
    const file = path.join(spool, 'body')
    try {
      await pipeline(stream, byteGuard(Math.min(size ?? max, max), size, state), createWriteStream(file))
    } catch (e) {
      stream.destroy()
      if (state.reason === 'over') {
        throw size !== undefined && size < max ? new AppError('BAD_REQUEST', 'The body is longer than its declared size.') : tooLarge(max)
      }
      if (state.reason === 'short') throw new AppError('BAD_REQUEST', 'The body is shorter than its declared size.')
      if (clientFailed) throw new AppError('BAD_REQUEST', 'The upload was interrupted.', { cause: e })
      // Our side (the spool disk): not the caller's fault.
      throw new AppError('UNAVAILABLE', 'The file could not be stored, please try again shortly.', { retryAfter: 5, cause: e })
    }
    try {
      const etag = await streamingPut(await useS3().presignedPutObject(bucket(), k, 15 * 60), createReadStream(file), state.bytes, type)
      return { key: k, size: state.bytes, etag }
    } catch (e) {
      throw toAppError(e, k, 'write')
    }
  } finally {
    await rm(spool, { recursive: true, force: true })
  }
}

export async function getObjectStream(key: string): Promise<Readable> {
  const k = parseKey(key)
  try {
    return await useS3().getObject(bucket(), k)
  } catch (e) {
    throw toAppError(e, k)
  }
}

/** The first `length` bytes of an object (fewer when it is shorter): enough to sniff a type. */
export async function readObjectHead(key: string, length: number): Promise<Uint8Array> {
  const k = parseKey(key)
  try {
    const stream = await useS3().getPartialObject(bucket(), k, 0, length)
    const chunks: Buffer[] = []
    for await (const c of stream) chunks.push(c as Buffer)
    return new Uint8Array(Buffer.concat(chunks))
  } catch (e) {
    throw toAppError(e, k)
  }
}

export interface TObjectStat {
  size: number
  etag: string
  contentType?: string
  lastModified: Date
}

export async function statObject(key: string): Promise<TObjectStat> {
  const k = parseKey(key)
  try {
    const s = await useS3().statObject(bucket(), k)
    const meta = s.metaData as Record<string, string | undefined>
    return { size: s.size, etag: s.etag, contentType: meta['content-type'], lastModified: s.lastModified }
  } catch (e) {
    throw toAppError(e, k)
  }
}

/** Removing a key that does not exist succeeds, as in S3. */
export async function removeObject(key: string): Promise<void> {
  const k = parseKey(key)
  try {
    await useS3().removeObject(bucket(), k)
  } catch (e) {
    throw toAppError(e, k)
  }
}

export interface TPresigned {
  url: string
  expiresAt: Date
}

/**
 * A URL the browser PUTs the file to directly. SigV4 query signing covers the
 * host only, so the content type cannot be bound into the URL: the caller sends
 * `headers`, and whoever confirms the upload checks statObject (type and size).
 */
export async function presignPut(
  key: string,
  opts: { expiresSec: number; contentType: string },
): Promise<TPresigned & { method: 'PUT'; headers: Record<string, string> }> {
  const k = parseKey(key)
  const expires = ZExpiresSchema.parse(opts.expiresSec)
  const type = ZContentTypeSchema.parse(opts.contentType)
  try {
    const url = await useS3().presignedPutObject(bucket(), k, expires)
    return { url, method: 'PUT', headers: { 'content-type': type }, expiresAt: new Date(Date.now() + expires * 1000) }
  } catch (e) {
    throw toAppError(e, k)
  }
}

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266), so Cyrillic names survive. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

/** A download URL; with `filename` the browser saves the file under that name. */
export async function presignGet(key: string, opts: { expiresSec: number; filename?: string }): Promise<TPresigned> {
  const k = parseKey(key)
  const expires = ZExpiresSchema.parse(opts.expiresSec)
  const filename = opts.filename === undefined ? undefined : z.string().min(1).max(255).parse(opts.filename)
  try {
    const respHeaders: Record<string, string> = filename ? { 'response-content-disposition': contentDisposition(filename) } : {}
    const url = await useS3().presignedGetObject(bucket(), k, expires, respHeaders)
    return { url, expiresAt: new Date(Date.now() + expires * 1000) }
  } catch (e) {
    throw toAppError(e, k)
  }
}

/** For health checks: true when the endpoint answers and the bucket exists, within `timeoutMs`. */
export async function pingStorage(timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs)
    timer.unref()
  })
  try {
    return await Promise.race([useS3().bucketExists(bucket()).catch(() => false), timeout])
  } finally {
    clearTimeout(timer)
  }
}
