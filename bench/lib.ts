// Shared by the HTTP benchmarks: the bare h3 baseline process and the load runner.
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import autocannon from 'autocannon'
import { ROOT, freePort } from '../test/helpers/server'

/** Starts bench/bare-h3.ts in its own process, so it never shares an event loop with the load tool. */
export async function startBare(): Promise<{ url: string; stop: () => void }> {
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
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') }
}

export type TLoadOptions = autocannon.Options

export function load(opts: TLoadOptions): Promise<autocannon.Result> {
  return autocannon({ pipelining: 1, ...opts })
}
