/**
 * npm run bench:auth: login throughput and an authenticated read (GET /api/auth/user)
 * on the built server, against the bare h3 JSON baseline measured in the same run.
 * While logins run, a probe measures how long a trivial request waits: password
 * hashing (async scrypt in libuv's pool) must not block the event loop.
 * Flags: --duration=<s> (default 6).
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { BUILT_ENTRY, startBuiltServer } from '../test/helpers/server'
import { createTestDatabase, testRedisPrefix } from '../test/helpers/db'
import { load, startBare } from './lib'

const DURATION = Number(process.argv.find((a) => a.startsWith('--duration='))?.split('=')[1] ?? 6)
const LOGIN = { email: 'user@dogovor24.kz', password: 'Demo12345' }

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

/** Sequential tiny requests while the load runs: their latency is event-loop delay plus one round trip. */
async function probe(url: string, until: () => boolean): Promise<number[]> {
  const out: number[] = []
  while (!until()) {
    const t = performance.now()
    await fetch(url).then((r) => r.arrayBuffer())
    out.push(performance.now() - t)
    await new Promise((r) => setTimeout(r, 20))
  }
  return out.sort((a, b) => a - b)
}

function row(name: string, rps: number, p95: number, base: number, errors: number) {
  console.log(`  ${name.padEnd(40)} ${rps.toFixed(0).padStart(7)} req/s  p95 ${String(p95).padStart(4)} ms  ${((rps / base) * 100).toFixed(1).padStart(5)}% of bare  errors ${errors}`)
}

async function main() {
  if (!existsSync(BUILT_ENTRY)) throw new Error('Build first: npx nuxt build (npm test and npm run up build it)')
  const db = await createTestDatabase('bench_auth')
  process.env.DATABASE_URL = db.url
  const { ensureDemoUsers } = await import('../server/domains/auth')
  const { closeDb } = await import('../server/lib/db')
  await ensureDemoUsers()
  const bare = await startBare()
  const web = await startBuiltServer({ env: { DATABASE_URL: db.url, REDIS_PREFIX: testRedisPrefix('bench'), TRUST_PROXY: 'true' } })
  try {
    console.log(`autocannon, ${DURATION} s per run after a warm-up; the per-IP login limit is spread over random X-Forwarded-For addresses`)
    await load({ url: bare.url + '/api/bench/ping', connections: 50, duration: 2 })
    const b = await load({ url: bare.url + '/api/bench/ping', connections: 50, duration: DURATION })
    const baseRps = b.requests.average
    row('bare h3 JSON (baseline)', baseRps, b.latency.p97_5, baseRps, b.errors + b.non2xx)

    const login = await fetch(web.url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(LOGIN) })
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`)
    const { accessToken } = (await login.json()) as { accessToken: string }
    const userReq = { url: web.url + '/api/auth/user', connections: 50, headers: { authorization: `Bearer ${accessToken}` } }
    await load({ ...userReq, duration: 2 })
    const u = await load({ ...userReq, duration: DURATION })
    row('GET /api/auth/user (authenticated read)', u.requests.average, u.latency.p97_5, baseRps, u.errors + u.non2xx)

    let done = false
    const probing = probe(web.url + '/ping?scope=self', () => done)
    const l = await load({
      url: web.url,
      connections: 8,
      duration: DURATION,
      requests: [
        {
          method: 'POST',
          path: '/api/auth/login',
          body: JSON.stringify(LOGIN),
          // A fresh client address per request keeps the per-IP limiter out of the measurement.
          setupRequest: (req) => ({
            ...req,
            headers: { ...req.headers, 'content-type': 'application/json', 'x-forwarded-for': `10.${randomBytes(3).join('.')}` },
          }),
        },
      ],
    })
    done = true
    const lat = await probing
    row('POST /api/auth/login (scrypt + session)', l.requests.average, l.latency.p97_5, baseRps, l.errors + l.non2xx)
    console.log(`  probe GET /ping?scope=self during logins: p50 ${pct(lat, 50).toFixed(1)} ms, p95 ${pct(lat, 95).toFixed(1)} ms, max ${lat.at(-1)?.toFixed(1)} ms (${lat.length} samples)`)
    console.log('  (p95 columns are autocannon p97.5, its nearest published percentile)')
  } finally {
    await web.stop()
    bare.stop()
    await closeDb()
    await db.drop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
