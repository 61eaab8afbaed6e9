import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
/**
 * The kz production build the specs start. D24_TEST_SERVER_ENTRY points them at another
 * build (e.g. one of an older commit), to show that a spec fails on the code before a change.
 */
export const BUILT_ENTRY = process.env.D24_TEST_SERVER_ENTRY
  ? resolve(process.env.D24_TEST_SERVER_ENTRY)
  : resolve(ROOT, '.output/server/index.mjs')

/** The realtime secret the built server runs with in tests (production refuses the public default). */
export const TEST_PUSHER_SECRET = 'test-only-pusher-secret-0123456789'
export const TEST_AUTH_SECRET = 'test-only-secret-not-for-production-0123456789'

export interface TBuiltServer {
  url: string
  port: number
  /** The server's process id (the benchmarks read its CPU time and /proc/<pid>/smaps). */
  pid: number
  /** Everything the server printed so far (stdout and stderr), for failure messages. */
  logs: () => string
  stop: () => Promise<void>
  /** Sends a signal to the server process (graceful shutdown tests). */
  signal: (sig: NodeJS.Signals) => void
  /** Resolves with the exit code once the process ended (null when a signal ended it). */
  exited: Promise<number | null>
}

export interface TStartOptions {
  env?: Record<string, string>
  port?: number
  /** Path to the built entry; defaults to BUILT_ENTRY (<repo>/.output/server/index.mjs unless D24_TEST_SERVER_ENTRY). */
  entry?: string
  /** Node/V8 flags before the entry (--cpu-prof, or production's command line flags: NODE_OPTIONS refuses many V8 flags). */
  nodeArgs?: string[]
  timeoutMs?: number
}

/** Asks the OS for a port nobody listens on (it is released just before the server takes it). */
export function freePort(): Promise<number> {
  return new Promise((resolveFn, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolveFn(port))
    })
  })
}

export function assertBuilt(entry = BUILT_ENTRY): void {
  if (!existsSync(entry)) {
    throw new Error(`The built server is missing (${entry}). Build it first: npx nuxt build (npm test builds before e2e).`)
  }
}

async function answers(url: string, timeoutMs: number): Promise<boolean> {
  try {
    // Any HTTP answer means it listens: /ping may say 503 while S3 is not up, which is fine here.
    await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' })
    return true
  } catch {
    return false
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolveFn) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(kill)
      resolveFn()
    })
    child.kill('SIGTERM')
  })
}

/**
 * Starts the production build (.output) on 127.0.0.1 and resolves once it answers
 * HTTP on /ping or /. Rejects with the server's own output when it exits or hangs.
 */
export async function startBuiltServer(opts: TStartOptions = {}): Promise<TBuiltServer> {
  const entry = opts.entry ?? BUILT_ENTRY
  assertBuilt(entry)
  const port = opts.port ?? (await freePort())
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      NITRO_PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      AUTH_SECRET: process.env.AUTH_SECRET ?? TEST_AUTH_SECRET,
      PUSHER_SECRET: process.env.PUSHER_SECRET ?? TEST_PUSHER_SECRET,
      HISTORY_CHECKPOINT_SECRET: process.env.HISTORY_CHECKPOINT_SECRET ?? 'test-only-history-checkpoint-secret-0123456789',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))

  const url = `http://127.0.0.1:${port}`
  // Generous: on a loaded 2-core machine the first request of a cold server (module
  // loading, first DB and Redis connections) took longer than a short per-try timeout,
  // so every try was aborted and the server was declared dead while it was working.
  const budget = opts.timeoutMs ?? 150_000
  const deadline = Date.now() + budget
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The built server exited with code ${child.exitCode} before answering:\n${output}`)
    }
    const patience = Math.max(1000, Math.min(30_000, deadline - Date.now()))
    if (/Listening on/.test(output) ? await answers(`${url}/ping`, patience) : await answers(`${url}/ping`, 1000)) {
      return { url, port, pid: child.pid!, logs: () => output, stop: () => stopProcess(child), signal: (sig) => void child.kill(sig), exited }
    }
    await new Promise((r) => setTimeout(r, 150))
  }
  await stopProcess(child)
  throw new Error(`The built server did not answer on ${url} within ${budget} ms:\n${output}`)
}
