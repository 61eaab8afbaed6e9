/**
 * npm run bench:memory: memory of the built web server (.output) rendering pages.
 * Prints RSS and V8 heap (from the server's own /metrics) after start, after one render
 * of the home page, after 2,000 renders of it and after 200 renders of each of a few
 * other pages. Goal: RSS below 150 MB after the 2,000 renders.
 * Flags: --renders=<n> (default 2000), --snapshots: heap snapshots (SIGUSR2, written to
 * the repo root as Heap.*.heapsnapshot) after one render and at the end, to diff in
 * Chrome DevTools (Memory → Comparison); writing one inflates RSS for the rest of the
 * run, so read only heap figures then. The server runs with the production V8 limits
 * (scripts/lib/web-v8-flags.ts); --node-options="..." replaces them (empty: V8 defaults).
 * --output=<dir>: another build's output folder (default .output), to compare builds.
 * The server gets the image's malloc settings (MALLOC_ENV, scripts/lib/web-v8-flags.ts);
 * --glibc-defaults leaves them out. Each figure is followed by where the resident pages
 * are (/proc/<pid>/smaps: node binary, other files, malloc arenas, the rest).
 * --no-page-cache: PAGE_CACHE_TTL_SECONDS=0, so every request of / renders (with the
 * cache, the public pages of anonymous visitors are rendered once per language).
 * Exits 1 above the goal.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { MALLOC_ENV, WEB_V8_FLAGS } from '../scripts/lib/web-v8-flags'
import { createTestDatabase, testRedisPrefix } from '../test/helpers/db'
import { startBuiltServer } from '../test/helpers/server'

const args = process.argv.slice(2)
const RENDERS = Number(args.find((a) => a.startsWith('--renders='))?.split('=')[1] ?? 2000)
const SNAPSHOTS = args.includes('--snapshots')
const PAGE_CACHE_OFF = args.includes('--no-page-cache')
// The image's malloc settings (Dockerfile ENV) unless --glibc-defaults, to compare.
const MALLOC = args.includes('--glibc-defaults') ? {} : MALLOC_ENV
const OUTPUT = args.find((a) => a.startsWith('--output='))?.slice('--output='.length)
// The V8 limits production runs with, unless --node-options="..." replaces them (--node-options= : V8 defaults).
const NODE_OPTIONS = args.find((a) => a.startsWith('--node-options='))?.slice('--node-options='.length) ?? WEB_V8_FLAGS.join(' ')
const GOAL_MB = 150
const CONCURRENCY = 4
const TOKEN = 'bench-memory-metrics-token-0123456789'
const OTHERS = ['/auth/login', '/auth/register', '/auth/forgot-password', '/catalog']

const db = await createTestDatabase('bench_mem')
const server = await startBuiltServer({
  ...(OUTPUT ? { entry: resolve(OUTPUT, 'server/index.mjs') } : {}),
  env: {
    DATABASE_URL: db.url,
    REDIS_PREFIX: testRedisPrefix('bench_mem'),
    METRICS_TOKEN: TOKEN,
    SMTP_URL: '',
    ...(PAGE_CACHE_OFF ? { PAGE_CACHE_TTL_SECONDS: '0' } : {}),
    ...MALLOC,
  },
  // On the command line, as the Dockerfile and k8s pass them (NODE_OPTIONS refuses many V8 flags).
  nodeArgs: [...NODE_OPTIONS.split(/\s+/), SNAPSHOTS ? '--heapsnapshot-signal=SIGUSR2' : ''].filter(Boolean),
  timeoutMs: 60_000,
})

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)

async function memory() {
  const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text()
  const metric = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN)
  return {
    rss: metric('process_resident_memory_bytes'),
    heapUsed: metric('nodejs_heap_size_used_bytes'),
    heapTotal: metric('nodejs_heap_size_total_bytes'),
    external: metric('nodejs_external_memory_bytes'),
  }
}

/**
 * Where the server's resident pages are, from its /proc/<pid>/smaps (Linux): the node
 * binary's own pages (code, ICU data; the floor of any Node process), other files
 * (shared libraries), glibc's malloc: the main arena ([heap], the main thread's) and the
 * arenas of other threads (anonymous mappings starting on a 64 MiB boundary: glibc
 * places each such arena in its own 64 MiB-aligned reservation), and all other anonymous
 * memory (V8's heap, JS and wasm machine code, large malloc blocks, stacks).
 * Null where /proc is not there.
 */
function residentByKind(pid: number) {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8')
  } catch {
    return null
  }
  const kb = { node: 0, files: 0, mainArena: 0, threadArenas: 0, anonymous: 0 }
  let kind: keyof typeof kb = 'anonymous'
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-[0-9a-f]+ (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line)
    if (head) {
      const [, start, perms, name] = head as unknown as [string, string, string, string]
      if (name === '[heap]') kind = 'mainArena'
      else if (name.startsWith('/')) kind = name === process.execPath || /\/node$/.test(name) ? 'node' : 'files'
      else if (!name && perms.startsWith('rw') && BigInt('0x' + start) % (64n << 20n) === 0n) kind = 'threadArenas'
      else kind = 'anonymous'
      continue
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line)
    if (rss) kb[kind] += Number(rss[1])
  }
  return kb
}

async function report(label: string) {
  const m = await memory()
  console.log(
    `  ${label.padEnd(38)} RSS ${mb(m.rss).padStart(6)} MB   heap used ${mb(m.heapUsed).padStart(6)} MB / total ${mb(m.heapTotal).padStart(6)} MB   external ${mb(m.external).padStart(5)} MB`,
  )
  const kinds = residentByKind(server.pid)
  if (kinds) {
    const k = (n: number) => (n / 1024).toFixed(1)
    console.log(
      `  ${''.padEnd(38)} of it: node binary ${k(kinds.node)}, other files ${k(kinds.files)}, malloc main arena ${k(kinds.mainArena)}, thread arenas ${k(kinds.threadArenas)}, other anonymous (V8 heap, code) ${k(kinds.anonymous)} MB`,
    )
  }
  return m
}

async function render(path: string, times: number) {
  let next = 0
  let failed = 0
  const one = async () => {
    while (next < times) {
      next++
      const r = await fetch(server.url + path, { headers: { 'accept-language': ['ru', 'kk', 'en'][next % 3]! } })
      await r.arrayBuffer()
      if (r.status >= 500) failed++
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, one))
  if (failed) console.log(`  (${failed} of ${times} renders of ${path} answered 5xx)`)
}

function snapshot(label: string) {
  if (!SNAPSHOTS) return
  server.signal('SIGUSR2')
  console.log(`  heap snapshot requested (${label}); written by the server to its working directory`)
}

try {
  console.log(`bench:memory: built server${NODE_OPTIONS ? ` (node ${NODE_OPTIONS})` : ''}${Object.keys(MALLOC).length ? `, ${Object.entries(MALLOC).map(([k, v]) => `${k}=${v}`).join(' ')}` : ', glibc malloc defaults'}${PAGE_CACHE_OFF ? ', page cache off' : ''}, ${RENDERS} renders of / (concurrency ${CONCURRENCY}), then 200 of ${OTHERS.join(', ')}`)
  await report('after start')
  await render('/', 1)
  const one = await report('after 1 render of /')
  snapshot('after 1 render')
  await render('/', RENDERS)
  const many = await report(`after ${RENDERS} renders of /`)
  for (const p of OTHERS) await render(p, 200)
  const end = await report('after 200 renders of each other page')
  snapshot('end')
  console.log(`  growth from 1 to ${RENDERS} renders: RSS +${mb(many.rss - one.rss)} MB, heap +${mb(many.heapUsed - one.heapUsed)} MB`)
  const ok = many.rss < GOAL_MB * 1024 * 1024 && end.rss < GOAL_MB * 1024 * 1024
  console.log(ok ? `  OK: below ${GOAL_MB} MB` : `  ABOVE GOAL (${GOAL_MB} MB)`)
  process.exitCode = ok ? 0 : 1
} catch (e) {
  // A refused or reset connection means the server died: its last words say why.
  console.error(`server output (last 4,000 characters):\n${server.logs().slice(-4000)}`)
  throw e
} finally {
  // Give a requested snapshot time to be written before the server stops.
  if (SNAPSHOTS) await new Promise((r) => setTimeout(r, 5000))
  await server.stop()
  await db.drop()
}
