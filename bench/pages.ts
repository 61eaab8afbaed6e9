/**
 * npm run bench:pages: req/s of page renders of the built app (.output), in one run:
 * - the JSON route /api/bench/ping (bench:http's route: the yardstick of what one process can answer),
 * - home, /catalog (public: served from the page cache) and /auth/login (never cached),
 *   with the page cache on (PAGE_CACHE_TTL_SECONDS default) and off (0: every request renders),
 * - a minimal Nuxt page (bench/fixtures/minimal: no modules, 30-item list), built once
 *   into a temporary folder (rebuilt when the fixture changes).
 * Every request is an anonymous browser's: Accept-Encoding br/gzip and a lang cookie.
 * autocannon, 10 connections, --duration=<s> per target (default 8) after a 2 s warm-up.
 * Targets: cached public pages ≥ 50% of the JSON route; uncached renders ≥ 150 req/s.
 * Exits 1 when a target is missed.
 * Besides req/s it prints the server's CPU time per request (utime + stime of its process
 * from /proc, the libuv compression threads included) and the rate that makes on one
 * whole core (1000 / CPU ms): on a shared machine req/s follow the other processes'
 * load, CPU per request barely does. The targets are judged on both: "cpu-rate" lines
 * say whether the server itself would meet them given the core.
 * --output=<dir>: measure that build's server (<dir>/server/index.mjs) instead of ./.output,
 * e.g. a build of the previous commit, for a before/after in one session.
 * --node-args="<flags>": node flags for the app's processes, e.g. the production V8 limits
 * (scripts/lib/web-v8-flags.ts: --node-args="--max-semi-space-size=2 --max-old-space-size=128");
 * none by default (V8's own sizing).
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createTestDatabase, testRedisPrefix } from '../test/helpers/db'
import { ROOT, startBuiltServer, type TBuiltServer } from '../test/helpers/server'
import { load } from './lib'

const args = process.argv.slice(2)
const DURATION = Number(args.find((a) => a.startsWith('--duration='))?.split('=')[1] ?? 8)
const OUTPUT = args.find((a) => a.startsWith('--output='))?.split('=')[1]
const appEntry = OUTPUT ? resolve(OUTPUT, 'server/index.mjs') : undefined
const NODE_ARGS = (args.find((a) => a.startsWith('--node-args='))?.slice('--node-args='.length) ?? '').split(/\s+/).filter(Boolean)
const CONNECTIONS = 10
const HEADERS = { 'accept-encoding': 'br, gzip', cookie: 'lang=ru', 'accept-language': 'ru-RU,ru;q=0.9' }
const CACHED_RATIO_TARGET = 0.5
const UNCACHED_TARGET = 150

/** Builds the minimal fixture into a temp folder named after its sources' hash; reused while they do not change. */
function buildFixture(): string {
  const dir = resolve(ROOT, 'bench/fixtures/minimal')
  const hash = createHash('sha256')
  // Its sources only: the build leaves a node_modules/.cache folder beside them.
  for (const f of readdirSync(dir).filter((n) => /\.(vue|ts)$/.test(n)).sort()) hash.update(f).update(readFileSync(join(dir, f)))
  hash.update(readFileSync(resolve(ROOT, 'package-lock.json')))
  const out = join(tmpdir(), `d24-bench-minimal-${hash.digest('hex').slice(0, 12)}`)
  const entry = join(out, 'output/server/index.mjs')
  if (existsSync(join(out, 'built'))) return entry
  console.log(`building the minimal Nuxt fixture into ${out} (once)`)
  const r = spawnSync(process.execPath, [resolve(ROOT, 'node_modules/nuxt/bin/nuxt.mjs'), 'build', dir], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', D24_FIXTURE_BUILD_DIR: join(out, 'nuxt'), D24_FIXTURE_OUTPUT_DIR: join(out, 'output') },
  })
  if (r.status !== 0) throw new Error('building the minimal fixture failed')
  writeFileSync(join(out, 'built'), new Date().toISOString())
  return entry
}

interface TRow {
  name: string
  rps: number
  p99: number
  errors: number
  /** Server CPU milliseconds per request. */
  cpuMs: number
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ')
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks (USER_HZ, 100 on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100
}

async function measure(name: string, url: string, pid: number): Promise<TRow> {
  const check = await fetch(url, { headers: HEADERS })
  if (check.status !== 200) throw new Error(`${name}: ${url} answered ${check.status}`)
  await check.arrayBuffer()
  await load({ url, connections: CONNECTIONS, duration: 2, headers: HEADERS })
  const cpuBefore = cpuSeconds(pid)
  const r = await load({ url, connections: CONNECTIONS, duration: DURATION, headers: HEADERS })
  const cpuMs = ((cpuSeconds(pid) - cpuBefore) * 1000) / Math.max(1, r.requests.total)
  const row = { name, rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, cpuMs }
  console.log(
    `  ${name.padEnd(30)} ${row.rps.toFixed(0).padStart(7)} req/s   p99 ${String(row.p99).padStart(5)} ms   ${cpuMs.toFixed(2).padStart(6)} CPU ms/req   errors ${row.errors}`,
  )
  return row
}

async function withServer<T>(start: () => Promise<TBuiltServer>, fn: (s: TBuiltServer) => Promise<T>): Promise<T> {
  const server = await start()
  try {
    return await fn(server)
  } finally {
    await server.stop()
  }
}

const fixtureEntry = buildFixture()
const db = await createTestDatabase('bench_pages')
const appEnv = (extra: Record<string, string>) => ({ DATABASE_URL: db.url, REDIS_PREFIX: testRedisPrefix('bench_pages'), SMTP_URL: '', REGION: 'kz', ...extra })
const rows: TRow[] = []
console.log(`server: ${appEntry ?? '.output'} ${NODE_ARGS.join(' ')}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
console.log(`autocannon: ${CONNECTIONS} connections, ${DURATION} s per target after a 2 s warm-up; ${JSON.stringify(HEADERS)}`)
try {
  await withServer(
    () => startBuiltServer({ entry: appEntry, nodeArgs: NODE_ARGS, env: appEnv({}) }),
    async (s) => {
      rows.push(await measure('JSON /api/bench/ping', `${s.url}/api/bench/ping`, s.pid))
      for (const path of ['/', '/catalog']) {
        rows.push(await measure(`cached ${path}`, s.url + path, s.pid))
        const r = await fetch(s.url + path, { headers: HEADERS })
        if (r.headers.get('x-d24-page-cache') !== 'hit') throw new Error(`${path} was not served from the page cache (x-d24-page-cache: ${r.headers.get('x-d24-page-cache')})`)
      }
      rows.push(await measure('login /auth/login (never cached)', `${s.url}/auth/login`, s.pid))
    },
  )
  await withServer(
    () => startBuiltServer({ entry: appEntry, nodeArgs: NODE_ARGS, env: appEnv({ PAGE_CACHE_TTL_SECONDS: '0' }) }),
    async (s) => {
      for (const path of ['/', '/catalog']) rows.push(await measure(`uncached ${path}`, s.url + path, s.pid))
    },
  )
  await withServer(
    () => startBuiltServer({ entry: fixtureEntry, env: { NUXT_APP_BASE_URL: '/' } }),
    async (s) => void rows.push(await measure('minimal Nuxt page (fixture)', `${s.url}/`, s.pid)),
  )
} finally {
  await db.drop()
}

const json = rows[0]!
const minimal = rows.at(-1)!
const perCore = (r: TRow) => 1000 / r.cpuMs
console.log(`\n${'target'.padEnd(32)}${'req/s'.padStart(8)}${'÷ JSON'.padStart(9)}${'÷ minimal'.padStart(11)}${'CPU ms'.padStart(9)}${'req/s/core'.padStart(12)}${'÷ JSON'.padStart(9)}`)
for (const r of rows) {
  console.log(
    `${r.name.padEnd(32)}${r.rps.toFixed(0).padStart(8)}${(r.rps / json.rps).toFixed(2).padStart(9)}${(r.rps / minimal.rps).toFixed(2).padStart(11)}` +
      `${r.cpuMs.toFixed(2).padStart(9)}${perCore(r).toFixed(0).padStart(12)}${(perCore(r) / perCore(json)).toFixed(2).padStart(9)}`,
  )
}
const misses = [
  ...rows.filter((r) => r.name.startsWith('cached') && r.rps < CACHED_RATIO_TARGET * json.rps).map((r) => `${r.name} below ${CACHED_RATIO_TARGET * 100}% of the JSON route`),
  ...rows.filter((r) => r.name.startsWith('uncached') && r.rps < UNCACHED_TARGET).map((r) => `${r.name} below ${UNCACHED_TARGET} req/s`),
  ...rows.filter((r) => r.errors > 0).map((r) => `${r.name}: ${r.errors} errors`),
]
const cpuMisses = [
  ...rows.filter((r) => r.name.startsWith('cached') && perCore(r) < CACHED_RATIO_TARGET * perCore(json)).map((r) => `${r.name} below ${CACHED_RATIO_TARGET * 100}% of the JSON route`),
  ...rows.filter((r) => r.name.startsWith('uncached') && perCore(r) < UNCACHED_TARGET).map((r) => `${r.name} below ${UNCACHED_TARGET} req/s`),
]
console.log(`load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
console.log(misses.length ? `\nmissed: ${misses.join('; ')}` : '\nall targets met')
console.log(cpuMisses.length ? `cpu-rate missed: ${cpuMisses.join('; ')}` : 'cpu-rate: all targets met')
process.exit(misses.length ? 1 : 0)
