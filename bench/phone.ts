/**
 * npm run bench:phone: what a phone sees of the built app. Chromium at 390×844 with
 * the CPU slowed 4× (CDP Emulation.setCPUThrottlingRate), a cold cache for every load
 * (a fresh browser context); per page the largest contentful paint (PerformanceObserver)
 * and the bytes on the wire (CDP Network.loadingFinished encodedDataLength, headers
 * included), the median of --runs loads (default 3).
 * Targets: LCP < 1.5 s on home and login; home < 250 KB transferred.
 *
 *   npm run bench:phone                                  this worktree's .output
 *   npm run bench:phone -- --baseline=/tmp/main/.output  and a build of another tree, printed side by side
 *
 * Served over plain http://127.0.0.1, Chromium asks for gzip, not br (it offers br only
 * over https): bytes over https in production are a little lower still.
 * Exits 1 when the current build misses a target.
 */
import { resolve } from 'node:path'
import type { CDPSession } from 'playwright-core'
import { launchBrowser, PHONE } from '../test/helpers/browser'
import { createTestDatabase, testRedisPrefix } from '../test/helpers/db'
import { ROOT, startBuiltServer, type TBuiltServer } from '../test/helpers/server'

const args = process.argv.slice(2)
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const RUNS = Number(arg('runs') ?? 3)
const BASELINE = arg('baseline')
const PAGES = ['/', '/auth/login']
const LCP_TARGET_MS = 1500
const HOME_BYTES_TARGET = 250 * 1024

interface TLoad {
  lcpMs: number
  bytes: number
  requests: number
}

const browser = await launchBrowser()

async function loadOnce(url: string): Promise<TLoad> {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 3, isMobile: true, hasTouch: true, locale: 'ru-RU' })
  try {
    const page = await context.newPage()
    await page.addInitScript(() => {
      const w = window as unknown as { __lcp: number }
      w.__lcp = 0
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__lcp = Math.max(w.__lcp, e.startTime)
      }).observe({ type: 'largest-contentful-paint', buffered: true })
    })
    const cdp: CDPSession = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
    let bytes = 0
    let requests = 0
    cdp.on('Network.loadingFinished', (e) => {
      bytes += e.encodedDataLength
      requests++
    })
    await page.goto(url, { waitUntil: 'load' })
    await page.waitForLoadState('networkidle')
    // LCP is final once the page had its first input or stopped painting: read it after idle.
    const lcpMs = await page.evaluate(() => (window as unknown as { __lcp: number }).__lcp)
    return { lcpMs, bytes, requests }
  } finally {
    await context.close()
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function measure(server: TBuiltServer): Promise<Record<string, TLoad>> {
  const out: Record<string, TLoad> = {}
  for (const path of PAGES) {
    // One unmeasured load first: the server's own first render of a page (module loading, JIT) is not what a phone waits for.
    await loadOnce(server.url + path)
    const loads: TLoad[] = []
    for (let i = 0; i < RUNS; i++) loads.push(await loadOnce(server.url + path))
    out[path] = { lcpMs: median(loads.map((l) => l.lcpMs)), bytes: median(loads.map((l) => l.bytes)), requests: median(loads.map((l) => l.requests)) }
  }
  return out
}

async function run(label: string, outputDir: string): Promise<Record<string, TLoad>> {
  const db = await createTestDatabase('bench_phone')
  const server = await startBuiltServer({
    entry: resolve(outputDir, 'server/index.mjs'),
    env: { DATABASE_URL: db.url, REDIS_PREFIX: testRedisPrefix('bench_phone'), SMTP_URL: '', REGION: 'kz' },
    timeoutMs: 120_000,
  })
  try {
    console.log(`measuring ${label} (${outputDir})`)
    return await measure(server)
  } finally {
    await server.stop()
    await db.drop()
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`
const results: Array<[string, Record<string, TLoad>]> = []
try {
  if (BASELINE) results.push(['baseline', await run('baseline', resolve(BASELINE))])
  results.push(['current', await run('current', resolve(ROOT, '.output'))])
} finally {
  await browser.close()
}

console.log(`\nphone 390×844, CPU 4× slower, cold cache, median of ${RUNS}`)
console.log(`${'build'.padEnd(10)}${'page'.padEnd(14)}${'LCP'.padStart(9)}${'on the wire'.padStart(14)}${'requests'.padStart(10)}`)
for (const [label, r] of results) {
  for (const path of PAGES) {
    const l = r[path]!
    console.log(`${label.padEnd(10)}${path.padEnd(14)}${`${Math.round(l.lcpMs)} ms`.padStart(9)}${kb(l.bytes).padStart(14)}${String(l.requests).padStart(10)}`)
  }
}
const current = results.at(-1)![1]
const misses = [
  ...PAGES.filter((p) => current[p]!.lcpMs >= LCP_TARGET_MS).map((p) => `${p} LCP ${Math.round(current[p]!.lcpMs)} ms ≥ ${LCP_TARGET_MS} ms`),
  ...(current['/']!.bytes >= HOME_BYTES_TARGET ? [`home ${kb(current['/']!.bytes)} ≥ ${kb(HOME_BYTES_TARGET)}`] : []),
]
console.log(misses.length ? `\nmissed: ${misses.join('; ')}` : '\nall targets met')
process.exit(misses.length ? 1 : 0)
