/**
 * npm run bench:http: req/s of the built Nuxt server against a bare h3 app serving
 * the same JSON route, same load (autocannon, 50 connections, warm-up first).
 * Also runs the Nuxt server with NUXT_I18N_REQUEST_GUARD=off, i.e. @nuxtjs/i18n's
 * upstream per-request hook, to show what the patch in patches/ buys.
 * Flags: --quick (skip the guard-off run), --duration=<s> (default 8).
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { BUILT_ENTRY, ROOT, startBuiltServer } from '../test/helpers/server'
import { load, startBare } from './lib'

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

function loadRoute(url: string, seconds: number) {
  return load({ url, connections: CONNECTIONS, duration: seconds })
}

async function measure(name: string, base: string): Promise<TResult> {
  const check = await fetch(base + ROUTE)
  if (!check.ok) throw new Error(`${name}: ${ROUTE} answered ${check.status}: ${await check.text()}`)
  await loadRoute(base + ROUTE, 2) // warm-up: JIT, connection pools, lazy route chunks
  const r = await loadRoute(base + ROUTE, DURATION)
  const errors = r.errors + r.timeouts + r.non2xx
  const res = { name, rps: r.requests.average, p99: r.latency.p99, errors }
  console.log(`  ${name.padEnd(34)} ${res.rps.toFixed(0).padStart(7)} req/s   p99 ${res.p99} ms   errors ${errors}`)
  return res
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
