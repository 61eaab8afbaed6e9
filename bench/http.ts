/**
 * npm run bench:http: req/s of the built Nuxt server against a bare h3 app serving
 * the same JSON route, same load (autocannon, 50 connections, warm-up first).
 * Also runs the Nuxt server with NUXT_I18N_REQUEST_GUARD=off, i.e. @nuxtjs/i18n's
 * upstream per-request hook, to show what the patch in patches/ buys.
 * Flags: --quick (skip the guard-off run), --duration=<s> (default 8).
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import autocannon from 'autocannon'
import { BUILT_ENTRY, ROOT, freePort, startBuiltServer } from '../test/helpers/server'

const ROUTE = '/api/bench/ping'
const CONNECTIONS = 50
const TARGET_RATIO = 0.4
const args = process.argv.slice(2)
const DURATION = Number(args.find((a) => a.startsWith('--duration='))?.split('=')[1] ?? 8)
const QUICK = args.includes('--quick')

interface TResult {
  name: string
  rps: number
  p99: number
  errors: number
}

async function load(url: string, seconds: number) {
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, pipelining: 1 })
}

async function measure(name: string, base: string): Promise<TResult> {
  const check = await fetch(base + ROUTE)
  if (!check.ok) throw new Error(`${name}: ${ROUTE} answered ${check.status}: ${await check.text()}`)
  await load(base + ROUTE, 2) // warm-up: JIT, connection pools, lazy route chunks
  const r = await load(base + ROUTE, DURATION)
  const errors = r.errors + r.timeouts + r.non2xx
  const res = { name, rps: r.requests.average, p99: r.latency.p99, errors }
  console.log(`  ${name.padEnd(34)} ${res.rps.toFixed(0).padStart(7)} req/s   p99 ${res.p99} ms   errors ${errors}`)
  return res
}

async function startBare(): Promise<{ url: string; stop: () => void }> {
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

async function main() {
  if (!existsSync(BUILT_ENTRY)) {
    console.log('No .output yet: building (npx nuxt build)...')
    const b = spawnSync('npx', ['nuxt', 'build'], { cwd: ROOT, stdio: 'inherit' })
    if (b.status !== 0) throw new Error('nuxt build failed')
  }
  console.log(`autocannon: ${CONNECTIONS} connections, ${DURATION} s per run after a 2 s warm-up, GET ${ROUTE}`)
  const results: TResult[] = []

  const bare = await startBare()
  try {
    results.push(await measure('bare h3 (same handler)', bare.url))
  } finally {
    bare.stop()
  }

  const modes: Array<[string, Record<string, string>]> = [['nuxt .output (i18n guard on)', {}]]
  if (!QUICK) modes.push(['nuxt .output (guard off = upstream)', { NUXT_I18N_REQUEST_GUARD: 'off' }])
  for (const [name, env] of modes) {
    const srv = await startBuiltServer({ env })
    try {
      results.push(await measure(name, srv.url))
    } finally {
      await srv.stop()
    }
  }

  const [base, ...rest] = results
  console.log('')
  for (const r of rest) console.log(`  ${r.name}: ${((r.rps / base!.rps) * 100).toFixed(1)}% of bare h3`)
  const fixed = rest[0]!
  const ratio = fixed.rps / base!.rps
  const off = rest[1]
  if (off) console.log(`  the guard makes the Nuxt API ${(fixed.rps / off.rps).toFixed(1)}x faster`)
  console.log(`  target ≥ ${TARGET_RATIO * 100}% of bare: ${ratio >= TARGET_RATIO ? 'MET' : 'NOT MET'}`)
  if (results.some((r) => r.errors > 0)) console.log('  warning: some requests failed (see errors column)')
  process.exitCode = ratio >= TARGET_RATIO ? 0 : 1
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
