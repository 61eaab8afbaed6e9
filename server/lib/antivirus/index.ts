import net from 'node:net'
import { Readable } from 'node:stream'
import { useConfig } from '../config'
import { AppError } from '../errors'
import { parseClamdUrl, type TClamdAddress } from './address'

/**
 * Virus scanning through clamd's INSTREAM command (docs/development.md, "Scan a file").
 * Development and tests talk to the project's own clamd (scripts/lib/clamd.mjs, port
 * 3311, signatures in ./signatures plus the official database when installed);
 * production to the clamav/clamav container (deploy/README.md).
 */
export { parseClamdUrl, type TClamdAddress } from './address'

export type TScanVerdict = { verdict: 'clean' } | { verdict: 'infected'; signature: string }

export interface TScanOptions {
  /**
   * The whole scan (connect, send, verdict); default CLAMD_TIMEOUT_MS. Keep it below clamd's
   * ReadTimeout (120 s): a source stalled longer than that makes clamd hang up mid-stream.
   */
  timeoutMs?: number
}

/** Why a scan could not give a verdict; the job should retry later. */
export type TScanFailure = 'unreachable' | 'timeout' | 'connection_lost' | 'protocol' | 'clamd_error'

/** clamd could not be asked, or did not answer properly: infrastructure, retryable. */
export class AntivirusUnavailableError extends AppError {
  constructor(
    readonly reason: TScanFailure,
    message: string,
    cause?: unknown,
  ) {
    super('UNAVAILABLE', message, { retryAfter: 5, params: { reason }, cause })
    this.name = 'AntivirusUnavailableError'
  }
}

/**
 * The file is larger than the scanner takes (CLAMD_STREAM_MAX_BYTES, or clamd's own
 * StreamMaxLength). Retrying will not help: the caller decides what an unscanned file may do.
 */
export class ScanTooLargeError extends AppError {
  constructor(
    readonly limitBytes: number | undefined,
    message: string,
  ) {
    super('PAYLOAD_TOO_LARGE', message, { params: limitBytes === undefined ? {} : { limitBytes } })
    this.name = 'ScanTooLargeError'
  }
}

const INSTREAM = Buffer.from('zINSTREAM\0')
const END_OF_STREAM = Buffer.alloc(4)
/** A verdict is one short line; more than this without its NUL is not clamd. */
const MAX_REPLY_BYTES = 4096
/** scanBuffer's frame size: large enough for few writes, small enough to keep the socket's buffer bounded. */
const BUFFER_FRAME_BYTES = 256 * 1024
const noop = () => {}

/**
 * Scans a stream as it is read: at most one chunk and the socket's write buffer are held,
 * whatever the file's size. The stream is consumed; on a failure it is destroyed (an S3
 * download behind it stops). Throws AntivirusUnavailableError or ScanTooLargeError; an error
 * of the stream itself (the download failed) is passed through as it is.
 */
export async function scanStream(stream: Readable, opts: TScanOptions = {}): Promise<TScanVerdict> {
  const cfg = useConfig()
  return instream(stream, parseClamdUrl(cfg.CLAMD_URL), opts.timeoutMs ?? cfg.CLAMD_TIMEOUT_MS, cfg.CLAMD_STREAM_MAX_BYTES)
}

export async function scanBuffer(bytes: Uint8Array, opts: TScanOptions = {}): Promise<TScanVerdict> {
  const whole = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  function* frames() {
    for (let at = 0; at < whole.length; at += BUFFER_FRAME_BYTES) yield whole.subarray(at, at + BUFFER_FRAME_BYTES)
  }
  return scanStream(Readable.from(frames()), opts)
}

/** True when clamd answers PING with PONG in time (health checks, test setup). Never throws. */
export async function pingClamd(timeoutMs = 2000): Promise<boolean> {
  let address: TClamdAddress
  try {
    address = parseClamdUrl(useConfig().CLAMD_URL)
  } catch {
    return false
  }
  return ping(address, timeoutMs)
}

async function ping(address: TClamdAddress, timeoutMs: number): Promise<boolean> {
  const socket = open(address)
  const reply = collectReply(socket)
  const timer = setTimeout(() => socket.destroy(), timeoutMs)
  try {
    socket.write('zPING\0')
    await reply.done
    return reply.line() === 'PONG'
  } finally {
    clearTimeout(timer)
    socket.destroy()
  }
}

/** The connection closed while we were still sending: clamd refused the stream or went away. */
class Interrupted extends Error {}

async function instream(source: Readable, address: TClamdAddress, timeoutMs: number, maxBytes: number): Promise<TScanVerdict> {
  const startedAt = Date.now()
  // Every wait below ends when this aborts: at the deadline (a stalled source, a silent
  // clamd, a connect that never completes) or when the connection closes mid-stream.
  const stop = new AbortController()
  const timer = setTimeout(() => stop.abort(new AntivirusUnavailableError('timeout', `clamd gave no verdict within ${timeoutMs} ms`)), timeoutMs)
  const socket = open(address)
  const reply = collectReply(socket)
  let sending = true
  let sent = 0
  const pingBudget = () => Math.max(100, Math.min(1000, timeoutMs - (Date.now() - startedAt)))
  try {
    await until(connected(socket, reply), stop.signal)
    // clamd says nothing until the stream ends: an answer or a close before that is a refusal.
    void reply.done.then(() => sending && stop.abort(new Interrupted()))

    socket.write(INSTREAM)
    const chunks = source[Symbol.asyncIterator]()
    for (;;) {
      const item = await until(chunks.next(), stop.signal)
      if (item.done) break
      const chunk = toBuffer(item.value, source)
      // A zero length is the end-of-stream marker: an empty chunk must not be framed.
      if (chunk.length === 0) continue
      if (sent + chunk.length > maxBytes) {
        throw new ScanTooLargeError(maxBytes, `the stream is larger than ${maxBytes} bytes (CLAMD_STREAM_MAX_BYTES), the most the scanner takes`)
      }
      sent += chunk.length
      const header = Buffer.allocUnsafe(4)
      header.writeUInt32BE(chunk.length)
      socket.cork()
      socket.write(header)
      const roomLeft = socket.write(chunk)
      socket.uncork()
      if (!roomLeft) await until(drained(socket), stop.signal)
    }
    sending = false
    socket.write(END_OF_STREAM)
    await until(reply.done, stop.signal)
    // Closed without a word: a refusal's reset can come after our last write went out.
    if (reply.line() === '') return await refused(reply, address, sent, pingBudget())
    return verdictOf(reply, address)
  } catch (e) {
    if (e instanceof Interrupted) return await refused(reply, address, sent, pingBudget())
    throw e
  } finally {
    clearTimeout(timer)
    socket.destroy()
    if (!source.readableEnded) source.destroy()
  }
}

/**
 * `p`, or the signal's reason once it aborts. A listener per wait, removed when `p` settles:
 * racing one long-lived promise instead would keep every settled wait, and the chunk it
 * carried, reachable until the scan ends (20 MB held for a 20 MB file).
 */
function until<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      p.catch(noop)
      return reject(signal.reason)
    }
    const onAbort = () => {
      p.catch(noop)
      reject(signal.reason)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort)
        resolve(v)
      },
      (e) => {
        signal.removeEventListener('abort', onAbort)
        reject(e)
      },
    )
  })
}

function open(address: TClamdAddress): net.Socket {
  return 'path' in address ? net.connect({ path: address.path }) : net.connect({ host: address.host, port: address.port })
}

interface TReply {
  /** Settles (never rejects) on the reply's NUL, the end of the connection, or an error. */
  done: Promise<void>
  line(): string
  complete(): boolean
  error(): Error | undefined
}

/** Listens from the first moment, so a socket error is always handled and a reply never missed. */
function collectReply(socket: net.Socket): TReply {
  let text = ''
  let error: Error | undefined
  const done = new Promise<void>((resolve) => {
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1')
      if (text.includes('\0') || text.length > MAX_REPLY_BYTES) resolve()
    })
    socket.on('error', (e) => {
      error = e
      resolve()
    })
    socket.on('end', resolve)
    socket.on('close', resolve)
  })
  return {
    done,
    line: () => text.split('\0')[0]!.trim(),
    complete: () => text.includes('\0'),
    error: () => error,
  }
}

function connected(socket: net.Socket, reply: TReply): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', resolve)
    void reply.done.then(() => {
      const e = reply.error()
      reject(new AntivirusUnavailableError('unreachable', `clamd is unreachable: ${e?.message ?? 'connection closed'}`, e))
    })
  })
}

function drained(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done)
      socket.off('close', done)
      resolve()
    }
    socket.on('drain', done)
    socket.on('close', done)
  })
}

function toBuffer(chunk: unknown, source: Readable): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  if (typeof chunk === 'string') return Buffer.from(chunk, source.readableEncoding ?? 'utf8')
  throw new TypeError('scanStream reads bytes: the stream gave something else (an object-mode stream?)')
}

function verdictOf(reply: TReply, address: TClamdAddress): TScanVerdict {
  const line = reply.line()
  if (/size limit exceeded/i.test(line)) throw new ScanTooLargeError(undefined, `clamd (${describe(address)}) refused the stream: ${line} (its StreamMaxLength)`)
  if (!reply.complete()) {
    const e = reply.error()
    if (line === '') throw new AntivirusUnavailableError('connection_lost', `clamd (${describe(address)}) closed the connection without a verdict${e ? `: ${e.message}` : ''}`, e)
    throw new AntivirusUnavailableError('protocol', `clamd (${describe(address)}) sent an incomplete reply: ${JSON.stringify(line.slice(0, 200))}`)
  }
  if (line === 'stream: OK') return { verdict: 'clean' }
  const found = /^stream: (.+) FOUND$/.exec(line)
  // With ExtendedDetectionInfo clamd appends "(md5:size)" to the name.
  if (found) return { verdict: 'infected', signature: found[1]!.replace(/\([0-9a-f]+:\d+\)$/i, '') }
  if (/ ERROR$/.test(line)) throw new AntivirusUnavailableError('clamd_error', `clamd (${describe(address)}): ${line}`)
  throw new AntivirusUnavailableError('protocol', `unexpected reply from clamd (${describe(address)}): ${JSON.stringify(line.slice(0, 200))}`)
}

/**
 * clamd closed the connection before its verdict. Over StreamMaxLength it answers "INSTREAM
 * size limit exceeded" and closes without reading the rest, so its close is a reset; a reset
 * often beats that answer to us (our next write fails and the socket is gone before the
 * answer is read: half of the refusals of a 3 MB stream by a 1 MiB limit, here). So a reset
 * without an answer from a clamd that still answers PING is that refusal: clamd stopped
 * reading on purpose (a full temporary disk is the other, rare cause). A crash fails the
 * PING, a clean close is no refusal, and our timeout stays below clamd's ReadTimeout
 * (120 s), so a slow source is not it either. Never reached while CLAMD_STREAM_MAX_BYTES is
 * at most clamd's StreamMaxLength: we stop first.
 */
async function refused(reply: TReply, address: TClamdAddress, sent: number, pingTimeoutMs: number): Promise<never> {
  if (reply.line() !== '') {
    verdictOf(reply, address)
    throw new AntivirusUnavailableError('protocol', `clamd (${describe(address)}) gave a verdict before the stream ended: ${JSON.stringify(reply.line().slice(0, 200))}`)
  }
  const e = reply.error() as NodeJS.ErrnoException | undefined
  const reset = e?.code === 'ECONNRESET' || e?.code === 'EPIPE'
  if (reset && (await ping(address, pingTimeoutMs))) {
    throw new ScanTooLargeError(undefined, `clamd (${describe(address)}) reset the stream after ${sent} bytes and still answers: over its StreamMaxLength`)
  }
  throw new AntivirusUnavailableError('connection_lost', `clamd (${describe(address)}) closed the connection without a verdict${e ? `: ${e.message}` : ''}`, e)
}

function describe(address: TClamdAddress): string {
  return 'path' in address ? `unix:${address.path}` : `${address.host}:${address.port}`
}
