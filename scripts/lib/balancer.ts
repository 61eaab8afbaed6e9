import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A small round-robin HTTP balancer for the drill (scripts/drill.ts), behaving like the
 * ingress in front of the web pods: it polls each backend's /ping and takes out one that
 * answers 503 (draining, or a dependency down) or refuses connections; it puts it back
 * once /ping answers 200 (a probe that times out counts only three times in a row). A request is tried on another backend only when the
 * connection was refused, i.e. no byte of it reached a server: anything else (a reset,
 * a timeout mid-answer) may have been processed and is answered 502, never repeated.
 */
export interface TBackend {
  name: string
  url: string
  healthy: boolean
}

export interface TBalancer {
  url: string
  backends: TBackend[]
  /** Requests passed to another backend after a refused connection. */
  stats: { proxied: number; retriedRefused: number; failed502: number; noBackend503: number }
  close(): Promise<void>
}

export interface TBalancerOptions {
  backends: { name: string; url: string }[]
  healthPath?: string
  healthEveryMs?: number
  port?: number
  /** Called when a backend goes in or out of rotation. */
  onChange?: (b: TBackend, why: string) => void
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

type TForward = { ok: true } | { ok: false; refused: boolean; err: Error }

function forward(b: TBackend, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<TForward> {
  const target = new URL(req.url ?? '/', b.url)
  return new Promise((resolve) => {
    const headers = { ...req.headers, host: target.host, connection: 'close' }
    // agent: false, one connection per request: a refused connection is then the only way
    // for a request to fail before any byte reached the backend (no stale keep-alive socket).
    const up = request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers, agent: false },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers)
        upRes.pipe(res)
        upRes.on('end', () => resolve({ ok: true }))
        upRes.on('error', (err) => {
          res.destroy(err)
          resolve({ ok: true })
        })
      },
    )
    up.on('error', (err: NodeJS.ErrnoException) => resolve({ ok: false, refused: err.code === 'ECONNREFUSED', err }))
    up.end(body)
  })
}

export async function startBalancer(opts: TBalancerOptions): Promise<TBalancer> {
  const backends: TBackend[] = opts.backends.map((b) => ({ ...b, healthy: false }))
  const healthPath = opts.healthPath ?? '/ping'
  const stats = { proxied: 0, retriedRefused: 0, failed502: 0, noBackend503: 0 }
  let next = 0

  const misses = new Map<TBackend, number>()
  const set = (b: TBackend, healthy: boolean, why: string) => {
    if (b.healthy !== healthy) opts.onChange?.(b, why)
    b.healthy = healthy
  }
  async function check(b: TBackend) {
    try {
      const r = await fetch(new URL(healthPath, b.url), { signal: AbortSignal.timeout(3000) })
      const text = await r.text()
      misses.set(b, 0)
      set(b, r.status === 200, `/ping ${r.status} ${text.slice(0, 120)}`)
    } catch (e) {
      const code = (e as { cause?: { code?: string } }).cause?.code
      // Refused: the process is gone or stopped listening, out at once. A slow answer
      // (a loaded machine) only after 3 in a row, like a readiness probe's failureThreshold.
      const n = (misses.get(b) ?? 0) + 1
      misses.set(b, n)
      if (code === 'ECONNREFUSED' || n >= 3) set(b, false, `/ping ${code ?? (e as Error).name} (${n} in a row)`)
    }
  }
  let stopped = false
  let wake: (() => void) | undefined
  const loop = async () => {
    for (;;) {
      await new Promise<void>((r) => {
        wake = r
        setTimeout(r, opts.healthEveryMs ?? 200).unref()
      })
      if (stopped) return
      await Promise.all(backends.map(check))
    }
  }
  await Promise.all(backends.map(check))
  const looping = loop()

  const server: Server = createServer(async (req, res) => {
    const body = await readAll(req)
    const tried = new Set<TBackend>()
    for (;;) {
      // All out of rotation (say, every probe timed out on a loaded machine): try them
      // anyway, as an ingress does when every upstream is marked down.
      const healthy = backends.filter((b) => b.healthy && !tried.has(b))
      const candidates = healthy.length ? healthy : backends.filter((b) => !tried.has(b))
      if (candidates.length === 0) {
        stats.noBackend503++
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"UNAVAILABLE","message":"no backend"}}')
        return
      }
      const b = candidates[next++ % candidates.length]!
      tried.add(b)
      const r = await forward(b, req, body, res)
      if (r.ok) {
        stats.proxied++
        return
      }
      if (r.refused) {
        // Nothing was sent: safe to try elsewhere. Out of rotation until /ping says otherwise.
        set(b, false, 'connection refused')
        stats.retriedRefused++
        continue
      }
      stats.failed502++
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: { code: 'BAD_GATEWAY', message: `${b.name}: ${r.err.message}` } }))
      return
    }
  })
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    backends,
    stats,
    async close() {
      stopped = true
      wake?.()
      await looping
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}
