import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import PizZip from 'pizzip'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ensureClamd, type TLocalClamd } from '../../scripts/lib/clamd.mjs'
import { AntivirusUnavailableError, pingClamd, scanBuffer, scanStream, ScanTooLargeError } from '../../server/lib/antivirus'
import { resetConfigForTests } from '../../server/lib/config'

/**
 * The real clamd: the project's own on CLAMD_URL (npm test starts it; the global setup
 * checks it answers), and a second one started here with a 1 MiB StreamMaxLength so that
 * clamd's own size limit costs a few megabytes, not a hundred.
 */

// The EICAR test file, joined at run time: no file of the repository holds it whole, so no
// scanner flags the checkout.
const EICAR = Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC', ')7}$EICAR-STAND', 'ARD-ANTIVIRUS-TEST-FILE!$H+H*'].join(''), 'latin1')

const envAtStart = { ...process.env }
function useEnv(vars: Record<string, string>) {
  Object.assign(process.env, vars)
  resetConfigForTests()
}
afterEach(() => {
  for (const k of ['CLAMD_URL', 'CLAMD_TIMEOUT_MS', 'CLAMD_STREAM_MAX_BYTES']) {
    if (envAtStart[k] === undefined) delete process.env[k]
    else process.env[k] = envAtStart[k]
  }
  resetConfigForTests()
})

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as net.AddressInfo
  await new Promise((r) => server.close(r))
  return port
}

/** A stream of `total` bytes in `chunk`-sized pieces, produced only when read. */
function bytes(total: number, chunk = 64 * 1024, onRead?: (produced: number) => void): Readable {
  let produced = 0
  return new Readable({
    highWaterMark: chunk,
    read() {
      if (produced >= total) return void this.push(null)
      const n = Math.min(chunk, total - produced)
      produced += n
      onRead?.(produced)
      this.push(Buffer.alloc(n, 0x41))
    },
  })
}

/** Gone, or a zombie: this worker started it, and a test runner's worker does not always reap. */
function exited(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true
  } catch {
    return true
  }
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p
  } catch (e) {
    return e as Error
  }
  throw new Error('expected the scan to fail')
}

describe('antivirus (clamd INSTREAM)', () => {
  it('the EICAR bytes are right (the md5 our d24.hdb signature names)', () => {
    expect(EICAR.length).toBe(68)
    expect(createHash('md5').update(EICAR).digest('hex')).toBe('44d88612fea8a8f36de82e1278abb02f')
  })

  it('answers PING', async () => {
    expect(await pingClamd()).toBe(true)
  })

  it('clean bytes are clean', async () => {
    expect(await scanBuffer(Buffer.from('Договор аренды нежилого помещения № 1'))).toEqual({ verdict: 'clean' })
    expect(await scanBuffer(new Uint8Array(0))).toEqual({ verdict: 'clean' })
  })

  it('finds EICAR, as one buffer and as a stream of one-byte chunks', async () => {
    const whole = await scanBuffer(EICAR)
    expect(whole).toMatchObject({ verdict: 'infected', signature: expect.stringMatching(/eicar/i) })
    const trickle = await scanStream(Readable.from([...EICAR].map((b) => Buffer.from([b]))))
    expect(trickle).toEqual(whole)
  })

  it('finds EICAR inside a zip archive', async () => {
    const zip = new PizZip()
    zip.file('readme.txt', 'nothing to see')
    zip.file('docs/eicar.com', EICAR)
    const archive = zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' })
    expect(archive.includes(EICAR)).toBe(false)
    expect(await scanBuffer(archive)).toMatchObject({ verdict: 'infected', signature: expect.stringMatching(/eicar/i) })
  })

  it('scans 20 MB as it streams, never holding more than a few chunks', async () => {
    // Retained memory, measured after a collection so garbage already written does not count.
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    gc()
    const base = process.memoryUsage().arrayBuffers
    // The growth over the start, sampled every 2 MB; it may be below zero when something else
    // in this process let go of buffers meanwhile (it was once asserted positive, and failed so).
    let peak = -Infinity
    let samples = 0
    const source = bytes(20 * 1024 * 1024, 256 * 1024, (produced) => {
      if (produced % (2 * 1024 * 1024) !== 0) return
      gc()
      samples++
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - base)
    })
    expect(await scanStream(source)).toEqual({ verdict: 'clean' })
    expect(samples).toBeGreaterThanOrEqual(9)
    expect(peak).toBeLessThan(6 * 1024 * 1024)
  })

  it('refuses a stream over CLAMD_STREAM_MAX_BYTES without sending the rest, and destroys it', async () => {
    useEnv({ CLAMD_STREAM_MAX_BYTES: String(256 * 1024) })
    let produced = 0
    const source = bytes(50 * 1024 * 1024, 64 * 1024, (n) => (produced = n))
    const e = await failure(scanStream(source))
    expect(e).toBeInstanceOf(ScanTooLargeError)
    expect(e).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limitBytes: 256 * 1024 })
    expect(produced).toBeLessThan(1024 * 1024)
    expect(source.destroyed).toBe(true)
  })

  it('a source that stalls ends at the timeout, destroyed', async () => {
    const source = new Readable({ read() {} })
    source.push(Buffer.from('the first bytes, then nothing'))
    const started = Date.now()
    const e = await failure(scanStream(source, { timeoutMs: 300 }))
    expect(e).toBeInstanceOf(AntivirusUnavailableError)
    expect(e).toMatchObject({ code: 'UNAVAILABLE', reason: 'timeout' })
    expect(Date.now() - started).toBeLessThan(2000)
    expect(source.destroyed).toBe(true)
  })

  it('clamd unreachable (closed port, missing socket): UNAVAILABLE at once', async () => {
    for (const url of [`tcp://127.0.0.1:${await freePort()}`, `unix://${path.join(tmpdir(), 'd24-no-clamd-here.sock')}`]) {
      useEnv({ CLAMD_URL: url })
      const started = Date.now()
      const e = await failure(scanBuffer(Buffer.from('hello')))
      expect(e, url).toBeInstanceOf(AntivirusUnavailableError)
      expect(e).toMatchObject({ code: 'UNAVAILABLE', reason: 'unreachable', retryAfter: 5 })
      expect(Date.now() - started).toBeLessThan(1000)
      expect(await pingClamd(500)).toBe(false)
    }
  })

  describe('against servers that are not clamd', () => {
    const sockets: Array<{ closed: boolean; socket: net.Socket }> = []
    let silent: net.Server
    let babbling: net.Server
    beforeAll(async () => {
      silent = net.createServer((socket) => {
        const seen = { closed: false, socket }
        sockets.push(seen)
        // Reads (and drops) what it is sent, so the client's close reaches it.
        socket.on('error', () => {}).on('close', () => (seen.closed = true)).resume()
      })
      babbling = net.createServer((s) => s.on('error', () => {}).once('data', () => s.end('hello there\0')))
      await Promise.all([silent, babbling].map((srv) => new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))))
    })
    afterAll(async () => {
      for (const s of sockets) s.socket.destroy()
      await Promise.all([silent, babbling].map((srv) => new Promise((r) => srv.close(r))))
    })

    it('one that never answers: UNAVAILABLE after the timeout, and the connection is closed', async () => {
      useEnv({ CLAMD_URL: `tcp://127.0.0.1:${(silent.address() as net.AddressInfo).port}` })
      const e = await failure(scanBuffer(Buffer.from('hello'), { timeoutMs: 300 }))
      expect(e).toMatchObject({ code: 'UNAVAILABLE', reason: 'timeout' })
      await expect.poll(() => sockets.length > 0 && sockets.every((s) => s.closed), { timeout: 2000 }).toBe(true)
    })

    it('one that answers something else: UNAVAILABLE (protocol)', async () => {
      useEnv({ CLAMD_URL: `tcp://127.0.0.1:${(babbling.address() as net.AddressInfo).port}` })
      const e = await failure(scanBuffer(Buffer.from('hello')))
      expect(e).toMatchObject({ code: 'UNAVAILABLE', reason: 'protocol' })
      expect(e.message).toContain('hello there')
    })
  })

  describe('a clamd with a 1 MiB StreamMaxLength (started by ensureClamd)', () => {
    let small: TLocalClamd
    let dir: string
    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'd24-clamd-test-'))
      small = await ensureClamd({ port: await freePort(), dir, maxBytes: 1024 * 1024, official: false })
    })
    afterAll(async () => {
      if (small?.pid) {
        process.kill(small.pid, 'SIGTERM')
        for (let waited = 0; !exited(small.pid) && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50))
      }
      rmSync(dir, { recursive: true, force: true })
    })

    it('was started here, and a second call reuses it', async () => {
      expect(small.started).toBe(true)
      expect(small.pid).toBeGreaterThan(0)
      const again = await ensureClamd({ port: small.port, dir, maxBytes: 1024 * 1024, official: false })
      expect(again).toMatchObject({ started: false, pid: small.pid })
    })

    it('scans through its unix socket', async () => {
      useEnv({ CLAMD_URL: `unix://${small.socket}` })
      expect(await scanStream(bytes(512 * 1024))).toEqual({ verdict: 'clean' })
      expect(await scanBuffer(EICAR)).toMatchObject({ verdict: 'infected' })
    })

    it('a stream over its StreamMaxLength is too large for the scanner, every time', async () => {
      useEnv({ CLAMD_URL: small.url })
      for (let i = 0; i < 5; i++) {
        const e = await failure(scanStream(bytes(3 * 1024 * 1024)))
        expect(e, e.message).toBeInstanceOf(ScanTooLargeError)
        expect(e).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
      }
      // and it still scans afterwards
      expect(await scanBuffer(Buffer.from('still here'))).toEqual({ verdict: 'clean' })
    })
  })
})
