import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testRedisPrefix } from '../helpers/db'
import { eventually } from '../helpers/eventually'

/**
 * The request body at the edge, against a separate server process (its memory and its
 * log lines are what is measured): a body above BODY_LIMIT_BYTES is 413 before it is
 * read, declared or chunked, and a client that gives up mid-body is not an error.
 */
const ROOT = path.resolve(import.meta.dirname, '../..')
const MiB = 1024 * 1024

let db: Awaited<ReturnType<typeof createTestDatabase>>
let child: ChildProcess
let url: string
/** The server's own process (tsx runs it in a child of the one spawned here). */
let serverPid: number
let out = ''

beforeAll(async () => {
  db = await createTestDatabase('edgebody')
  child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['test/helpers/h3-server.ts', 'auth'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: db.url, REDIS_PREFIX: testRedisPrefix('edgebody'), NODE_ENV: 'test', LOG_LEVEL: 'info', BODY_LIMIT_BYTES: String(MiB) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()))
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()))
  ;[url, serverPid] = await eventually(() => {
    const m = /LISTENING (\S+) pid=(\d+)/.exec(out)
    if (!m) throw new Error(`server not up yet: ${out}`)
    return [m[1]!, Number(m[2])] as const
  }, 60_000)
}, 90_000)

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
  }
  await db?.drop()
})

/** Resident memory of the server process now (kB), from Linux's /proc. */
function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(m![1])
}

function bigLoginBody(bytes: number): Buffer {
  return Buffer.from(JSON.stringify({ email: 'big@example.kz', password: 'x'.repeat(bytes) }))
}

/**
 * Sends a body and answers the status and JSON the server sent, even when it answers
 * (and closes) before the upload is over. `chunked` streams without Content-Length.
 */
function post(pathname: string, body: Buffer, opts: { chunked?: boolean } = {}): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const u = new URL(pathname, url)
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (!opts.chunked) headers['content-length'] = String(body.length)
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers })
    let answered = false
    req.on('response', (res) => {
      answered = true
      let text = ''
      res.on('data', (c: Buffer) => (text += c.toString()))
      res.on('end', () => resolve({ status: res.statusCode!, json: text ? JSON.parse(text) : null }))
      res.on('error', reject)
    })
    // The server may close its side once it has answered: that is the point.
    req.on('error', (e) => {
      if (!answered) reject(e)
    })
    const step = 64 * 1024
    let offset = 0
    const pump = () => {
      while (offset < body.length && !answered && !req.destroyed) {
        const ok = req.write(body.subarray(offset, offset + step))
        offset += step
        if (!ok) return void req.once('drain', pump)
      }
      if (offset >= body.length && !req.destroyed) req.end()
    }
    pump()
  })
}

describe('request body limit', () => {
  it('answers 413 with our JSON error to a 5 MB JSON login (Content-Length), before reading it', async () => {
    const r = await post('/api/auth/login', bigLoginBody(5 * MiB))
    expect(r.status).toBe(413)
    expect(r.json.error.code).toBe('PAYLOAD_TOO_LARGE')
    expect(r.json.error.messageKey).toBe('errors.payload_too_large')
  })

  it('answers 413 to a chunked body once it passes the limit', async () => {
    const r = await post('/api/auth/login', bigLoginBody(5 * MiB), { chunked: true })
    expect(r.status).toBe(413)
    expect(r.json.error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('still reads a body under the limit (a wrong password is 401, not 413)', async () => {
    const r = await post('/api/auth/login', Buffer.from(JSON.stringify({ email: 'nobody@example.kz', password: 'x'.repeat(100_000) })))
    expect(r.status).not.toBe(413)
    expect(r.status).toBeLessThan(500)
  })

  it('does not grow the server by more than 20 MB over 4 parallel 5 MB bodies, declared or chunked', async () => {
    const body = bigLoginBody(5 * MiB)
    // Warm the route and the JSON error path first, so the peak below is the bodies only.
    await post('/api/auth/login', Buffer.from('{}'))
    const before = rssKb(serverPid)
    // Sampled while the requests run: the start-up peak would hide this one in VmHWM.
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, rssKb(serverPid))), 5)
    const results = await Promise.all([
      post('/api/auth/login', body),
      post('/api/auth/login', body),
      post('/api/auth/login', body, { chunked: true }),
      post('/api/auth/login', body, { chunked: true }),
    ])
    clearInterval(sampler)
    peak = Math.max(peak, rssKb(serverPid))
    const grownMb = (peak - before) / 1024
    console.log(`edge-body: server peak RSS grew ${grownMb.toFixed(1)} MB over 4 parallel 5 MB bodies`)
    expect(results.map((r) => r.status)).toEqual([413, 413, 413, 413])
    expect(grownMb).toBeLessThan(20)
  })
})

describe('client aborts', () => {
  it('logs a client that closes mid-body as "client aborted" at info, never as an error', async () => {
    const start = out.length
    await new Promise<void>((resolve) => {
      const u = new URL('/api/auth/login', url)
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100000' } })
      req.on('error', () => resolve())
      req.on('close', () => resolve())
      req.write('{"email":"a@example.kz","password":"' + 'x'.repeat(20_000), () => req.destroy())
    })
    await eventually(() => expect(out.slice(start)).toMatch(/"msg":"client aborted"/))
    const lines = out.slice(start).split('\n').filter((l) => l.startsWith('{'))
    const errors = lines.filter((l) => JSON.parse(l).level === 'error')
    expect(errors).toEqual([])
    expect(lines.find((l) => l.includes('client aborted'))).not.toMatch(/stack|    at /)
  })
})
