import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** Polls until fn returns a truthy value; fails with `what` after timeoutMs. */
export async function waitFor<T>(fn: () => Promise<T> | T, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < end) {
    try {
      const v = await fn()
      if (v) return v as NonNullable<T>
    } catch (e) {
      last = e
    }
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`)
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      s.close(() => resolve(port))
    })
  })
}

/**
 * A private, non-persistent redis-server the test may kill and restart (it comes back
 * empty). Its working directory is a temporary one, so a test that turns persistence
 * on at run time (CONFIG SET appendonly yes) writes nothing into the repository.
 */
export class RedisServer {
  private proc: ChildProcess | null = null
  private dir: string | null = null
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  async start(): Promise<void> {
    // A fresh directory per start: nothing a previous run wrote can be loaded back.
    if (this.dir) rmSync(this.dir, { recursive: true, force: true })
    this.dir = mkdtempSync(path.join(tmpdir(), 'd24-redis-'))
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir]
    const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    this.proc = proc
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('redis-server did not start')), 10_000)
      proc.stdout?.on('data', (b: Buffer) => {
        if (b.toString().includes('Ready to accept connections')) {
          clearTimeout(timer)
          resolve()
        }
      })
      proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)))
    })
  }

  async stop(): Promise<void> {
    const proc = this.proc
    this.proc = null
    if (proc && proc.exitCode === null) {
      await new Promise<void>((resolve) => {
        proc.once('exit', () => resolve())
        proc.kill('SIGKILL')
      })
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true })
    this.dir = null
  }
}
