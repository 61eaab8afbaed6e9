/**
 * npm run bench:pages:ab -- --before=<build dir> [--after=<build dir, default .output>]
 * CPU ms per uncached render of two builds, measured side by side: both servers run at
 * once (page cache off) and take turns, ROUNDS (6) rounds of DURATION (2 s) of autocannon
 * per page each, in alternating order. On a shared 2-core machine the CPU a request costs
 * drifts by ±20% from minute to minute with the neighbours' load; runs one after the
 * other (bench:pages --output=…) then compare two different minutes, while turns this
 * short see the same machine. Prints the mean and the median of the rounds per build and
 * page, and after/before. Pages: PATHS (default "/,/catalog,/auth/login").
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createTestDatabase, testRedisPrefix } from '../test/helpers/db'
import { startBuiltServer, type TBuiltServer } from '../test/helpers/server'
import { load } from './lib'

const args = process.argv.slice(2)
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const before = arg('before')
if (!before) {
  console.error('usage: npm run bench:pages:ab -- --before=<build dir> [--after=<build dir>]')
  process.exit(2)
}
const builds = [
  { name: 'before', dir: resolve(before) },
  { name: 'after', dir: resolve(arg('after') ?? '.output') },
]
const PATHS = (process.env.PATHS ?? '/,/catalog,/auth/login').split(',')
const ROUNDS = Number(arg('rounds') ?? 6)
const DURATION = Number(arg('duration') ?? 2)
const HEADERS = { 'accept-encoding': 'br, gzip' }

/** CPU seconds (user + system) of a process, from /proc/<pid>/stat (fields 14 and 15, clock ticks). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
const db = await createTestDatabase('bench_pages_ab')
const servers: TBuiltServer[] = []
try {
  for (const b of builds) {
    servers.push(
      await startBuiltServer({
        entry: resolve(b.dir, 'server/index.mjs'),
        env: { DATABASE_URL: db.url, REDIS_PREFIX: testRedisPrefix('bench_pages_ab'), SMTP_URL: '', REGION: 'kz', PAGE_CACHE_TTL_SECONDS: '0' },
      }),
    )
  }
  console.log(`${builds.map((b) => `${b.name}: ${b.dir}`).join('; ')}; ${ROUNDS} rounds × ${DURATION} s per page and build, 10 connections`)
  for (const path of PATHS) {
    const perRound = servers.map(() => [] as number[])
    for (const s of servers) {
      const r = await fetch(s.url + path, { headers: HEADERS })
      if (r.status !== 200) throw new Error(`${path} answered ${r.status}`)
      await r.arrayBuffer()
      await load({ url: s.url + path, connections: 10, duration: 2, headers: HEADERS })
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < servers.length; k++) {
        const i = (k + round) % servers.length
        const s = servers[i]!
        const c0 = cpuSeconds(s.pid)
        const r = await load({ url: s.url + path, connections: 10, duration: DURATION, headers: HEADERS })
        if (r.non2xx || r.errors) throw new Error(`${path}: ${r.non2xx} non-2xx answers, ${r.errors} errors`)
        perRound[i]!.push(((cpuSeconds(s.pid) - c0) * 1000) / r.requests.total)
      }
    }
    const med = perRound.map(median)
    const mean = perRound.map((xs) => xs.reduce((a, b) => a + b, 0) / xs.length)
    builds.forEach((b, i) =>
      console.log(`  ${path.padEnd(14)} ${b.name.padEnd(7)} median ${med[i]!.toFixed(2)} CPU ms (${(1000 / med[i]!).toFixed(0)} renders/s/core), mean ${mean[i]!.toFixed(2)}   [${perRound[i]!.map((x) => x.toFixed(1)).join(' ')}]`),
    )
    console.log(`  ${path.padEnd(14)} after/before ${(med[1]! / med[0]!).toFixed(2)} (median)`)
  }
} finally {
  for (const s of servers) await s.stop()
  await db.drop()
}
