import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/** Upload plumbing for server/lib/storage.ts: byte counting and the raw S3 PUT. */
export interface TGuardState {
  reason?: 'over' | 'short'
  bytes: number
}

/** Counts bytes on their way through; fails past `limit`, or at the end when short of `exact`. */
export function byteGuard(limit: number, exact: number | undefined, state: TGuardState): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      state.bytes += chunk.length
      if (state.bytes > limit) {
        state.reason = 'over'
        return done(new Error('body over limit'))
      }
      done(null, chunk)
    },
    flush(done) {
      if (exact !== undefined && state.bytes !== exact) {
        state.reason = 'short'
        return done(new Error('body shorter than declared'))
      }
      done()
    },
  })
}

/**
 * One streaming PUT through a presigned URL (UNSIGNED-PAYLOAD), so the body never
 * sits in memory whole. Not minio's putObject: above one part it starts a multipart
 * upload by listing pending uploads (GET ?uploads), which s3rver does not
 * implement, and below one part it buffers the whole body.
 */
export async function streamingPut(presignedUrl: string, body: Readable, size: number, contentType: string): Promise<string> {
  const url = new URL(presignedUrl)
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise<string>((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers: { 'content-type': contentType, 'content-length': String(size) } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        if (res.statusCode === 200) return resolve(String(res.headers.etag ?? '').replace(/"/g, ''))
        const code = /<Code>([^<]+)<\/Code>/.exec(Buffer.concat(chunks).toString('utf8'))?.[1]
        reject(Object.assign(new Error(`S3 PUT answered ${res.statusCode} ${code ?? ''}`), { code }))
      })
    })
    req.on('error', reject)
    pipeline(body, req).catch(reject)
  })
}
