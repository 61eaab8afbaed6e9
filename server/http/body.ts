import type { H3Event } from 'h3'
import { getRequestHeader, readBody, setResponseHeader } from 'h3'
import { AppError } from '../lib/errors'

const PAYLOAD_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * A refused body still on its way is read and thrown away up to this many bytes
 * after the 413 (constant memory), so the client, still uploading, receives the answer:
 * a socket closed with unread data resets, and the client loses the 413 with it.
 * Past this, the connection is closed.
 */
const DRAIN_MAX_BYTES = 16 * 1024 * 1024

function tooLarge(event: H3Event, limit: number, pending: number): AppError {
  if (pending > DRAIN_MAX_BYTES) setResponseHeader(event, 'connection', 'close')
  return new AppError('PAYLOAD_TOO_LARGE', `Request body is larger than ${limit} bytes`, {
    messageKey: 'errors.payload_too_large',
    params: { limit },
  })
}

/** 413 when the declared Content-Length is above `limit`; nothing of the body is read. */
export function refuseDeclaredBody(event: H3Event, limit: number): void {
  const declared = Number(getRequestHeader(event, 'content-length') ?? 0)
  // Node discards an unread body itself after the answer (keep-alive).
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(event, limit, declared)
}

/**
 * Reads the request body into memory, never more than `limit` bytes: a declared
 * Content-Length above it is refused before a byte is read, a chunked body the moment
 * it passes it. Then h3 parses it as usual (JSON, form), from the buffer read here.
 */
export async function readLimitedBody(event: H3Event, limit: number): Promise<unknown> {
  if (!PAYLOAD_METHODS.has(event.method)) return undefined
  const raw = await readLimitedRaw(event, limit)
  return raw === undefined ? undefined : readBody(event)
}

/**
 * The raw body under the same limit, or undefined when there is none (or it came in
 * memory from Nitro's internal fetch, which h3 reads itself). Afterwards h3's readers
 * (readBody, readMultipartFormData) read the same buffer, not the socket.
 */
export async function readLimitedRaw(event: H3Event, limit: number): Promise<Buffer | undefined | null> {
  if (!PAYLOAD_METHODS.has(event.method)) return undefined
  refuseDeclaredBody(event, limit)
  const req = event.node.req
  // A body handed over in memory, not on a socket: Nitro's internal fetch (a server
  // render calling our API) puts it on the request object. h3 reads it from there.
  const given = (req as { body?: unknown }).body ?? (event as { web?: { request?: { body?: unknown } } }).web?.request?.body
  if (given !== undefined && given !== null) {
    if ((typeof given === 'string' || Buffer.isBuffer(given)) && Buffer.byteLength(given) > limit) throw tooLarge(event, limit, 0)
    // Null: h3 reads it from where Nitro left it.
    return null
  }
  const chunked = /\bchunked\b/i.test(String(req.headers['transfer-encoding'] ?? ''))
  if (!Number(req.headers['content-length'] ?? 0) && !chunked) return undefined
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        cleanup()
        chunks.length = 0
        let drained = 0
        req.on('data', (c: Buffer) => {
          drained += c.length
          if (drained > DRAIN_MAX_BYTES) req.socket?.destroy()
        })
        req.on('error', () => {})
        reject(tooLarge(event, limit, 0))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(Buffer.concat(chunks))
    }
    const onError = (e: Error) => {
      cleanup()
      reject(e)
    }
    // A socket closed before the end of the body (the client gave up) may not emit 'error'.
    const onClose = () => {
      if (req.complete) return
      cleanup()
      reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))
    }
    if (req.destroyed && !req.complete) return reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
  })
  // h3 reads a body already in memory from `_requestBody` instead of the stream.
  ;(event as unknown as { _requestBody?: Buffer })._requestBody = raw
  return raw
}
