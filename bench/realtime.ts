/**
 * npm run bench:realtime: what a flood of websockets from one address does to the
 * built server. Two servers in the same run: one with the per-IP cap at its default
 * (REALTIME_MAX_CONNECTIONS_PER_IP), one with the cap lifted (what the code did
 * before the cap). For each, N sockets are opened at once from 127.0.0.1 while a
 * probe times /ping?scope=self (event-loop delay plus one round trip); the ratio to
 * the idle probe of the same server is printed.
 * Flags: --sockets=<n> (default 2000).
 */
import { existsSync } from 'node:fs'
import WebSocket from 'ws'
import { BUILT_ENTRY, startBuiltServer, type TBuiltServer } from '../test/helpers/server'
import { testRedisPrefix } from '../test/helpers/db'

const SOCKETS = Number(process.argv.find((a) => a.startsWith('--sockets='))?.split('=')[1] ?? 2000)

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

async function probe(url: string, count: number, until?: () => boolean): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; until ? !until() : i < count; i++) {
    const t = performance.now()
    await fetch(url).then((r) => r.arrayBuffer())
    out.push(performance.now() - t)
    await new Promise((r) => setTimeout(r, 10))
  }
  return out.sort((a, b) => a - b)
}

/** Opens `n` sockets at once; resolves when each is established, refused (close code) or failed. */
async function flood(port: number, n: number): Promise<{ sockets: WebSocket[]; established: number; refused: Map<number, number>; ms: number }> {
  const t = performance.now()
  const sockets: WebSocket[] = []
  const refused = new Map<number, number>()
  let established = 0
  await Promise.all(
    Array.from({ length: n }, () => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/app/dogovor24-key?protocol=7&client=js&version=8`)
      sockets.push(ws)
      return new Promise<void>((resolve) => {
        ws.once('message', (m) => {
          if (String(m).includes('connection_established')) established++
          else ws.once('close', (code) => refused.set(code, (refused.get(code) ?? 0) + 1))
          resolve()
        })
        ws.once('error', () => resolve())
        ws.once('close', () => resolve())
      })
    }),
  )
  return { sockets, established, refused, ms: performance.now() - t }
}

async function measure(name: string, web: TBuiltServer): Promise<void> {
  const ping = `${web.url}/ping?scope=self`
  await probe(ping, 20)
  const idle = await probe(ping, 50)
  let flooding = true
  const during = probe(ping, 0, () => !flooding)
  const f = await flood(web.port, SOCKETS).finally(() => (flooding = false))
  const loaded = await during
  const refused = [...f.refused].map(([code, n]) => `${n}×${code}`).join(' ') || 'none'
  console.log(`  ${name}`)
  console.log(`    ${SOCKETS} sockets from one IP in ${f.ms.toFixed(0)} ms: ${f.established} established, refused ${refused}`)
  console.log(
    `    /ping p50 ${pct(idle, 50).toFixed(1)} → ${pct(loaded, 50).toFixed(1)} ms, p95 ${pct(idle, 95).toFixed(1)} → ${pct(loaded, 95).toFixed(1)} ms (×${(pct(loaded, 95) / pct(idle, 95)).toFixed(1)} of idle)`,
  )
  for (const ws of f.sockets) ws.terminate()
}

async function main() {
  if (!existsSync(BUILT_ENTRY)) throw new Error('Build first: npx nuxt build (npm test and npm run up build it)')
  const runs: [string, Record<string, string>][] = [
    ['cap lifted (as before the per-IP cap)', { REALTIME_MAX_CONNECTIONS_PER_IP: '100000' }],
    ['default per-IP cap', {}],
  ]
  for (const [name, env] of runs) {
    const web = await startBuiltServer({ env: { REDIS_PREFIX: testRedisPrefix('bench_rt'), ...env } })
    try {
      await measure(name, web)
    } finally {
      await web.stop()
    }
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
