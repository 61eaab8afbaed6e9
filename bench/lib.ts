// Shared by the HTTP benchmarks: the bare h3 baseline process and the load runner.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import autocannon from 'autocannon'
import { ROOT, freePort } from '../test/helpers/server'

/** Starts bench/bare-h3.ts in its own process, so it never shares an event loop with the load tool. */
export async function startBare(): Promise<{ url: string; pid: number; stop: () => void }> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'bench/bare-h3.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((ok, fail) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('listening') && ok())
    child.once('exit', (code) => fail(new Error(`bare h3 exited with ${code}`)))
  })
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => child.kill('SIGTERM') }
}

export type TLoadOptions = autocannon.Options

export function load(opts: TLoadOptions): Promise<autocannon.Result> {
  return autocannon({ pipelining: 1, ...opts })
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. On a shared
 * machine latency follows the other processes' load; CPU per request barely does.
 */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces) start at ") "; utime and stime are
  // fields 14 and 15 of the line, in clock ticks (USER_HZ, 100 on Linux).
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}
