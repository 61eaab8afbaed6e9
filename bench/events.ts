import { fork } from 'node:child_process'
import path from 'node:path'
import { Queue, Worker } from 'bullmq'
import pg from 'pg'
import { publish } from '../server/events/publish'
import { DEFAULT_JOB_OPTIONS } from '../server/events/queues'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../server/lib/db'
import { pgTransaction } from '../server/lib/pg'
import { createRedis } from '../server/lib/redis'
import { ensureDatabase, migrate } from '../scripts/lib/migrate'
import { throwawayTarget, fmt, percentile, printTable, runConcurrent, until } from './events-lib'

/**
 * `npm run bench:events`: what the outbox path costs compared with its two raw parts.
 * (a) BullMQ add→process, (b) PostgreSQL business row + outbox row per transaction,
 * (c) publish → relay → BullMQ → idempotent listener end to end, (d) latency at a
 * steady 1,000 events/s. Runs against a throwaway database and Redis prefix.
 */
process.env.LOG_LEVEL ??= 'warn'
const N = Number(process.env.BENCH_N ?? 5000)
const C = Number(process.env.BENCH_CONCURRENCY ?? 16)
const RATE = Number(process.env.BENCH_RATE ?? 1000)
const STEADY_S = Number(process.env.BENCH_STEADY_S ?? 5)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1500)
/** A second, lower steady rate: latency of the backbone when the publisher is not saturated. */
const RATE2 = Number(process.env.BENCH_RATE2 ?? 300)
const { REDIS_URL, dbUrl, prefix, redis, release } = throwawayTarget('events', () => cleanup())

async function benchRawBullmq(): Promise<number> {
  const q = new Queue('raw', { connection: redis, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS })
  let done = 0
  const conn = createRedis(REDIS_URL)
  const w = new Worker('raw', async () => void done++, { connection: conn, prefix, concurrency: C })
  await w.waitUntilReady()
  const t0 = performance.now()
  for (let i = 0; i < N; i += 500) {
    const n = Math.min(500, N - i)
    await q.addBulk(Array.from({ length: n }, (_, k) => ({ name: 'UserLoggedIn', data: { i: i + k, payload: { userId: `u${i + k}` } } })))
  }
  await until(() => done >= N, 'raw BullMQ jobs', 60_000)
  const s = (performance.now() - t0) / 1000
  await w.close()
  await q.close()
  await conn.quit()
  return N / s
}

async function benchRawPg(n: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: dbUrl, max: C })
  const s = await runConcurrent(n, C, async (i) => {
    const c = await pool.connect()
    try {
      await c.query('BEGIN')
      await c.query('INSERT INTO bench_business (user_id, amount) VALUES ($1, $2)', [`u${i}`, 4900])
      await c.query(
        `INSERT INTO event_outbox (id, name, version, payload, publisher) VALUES (gen_random_uuid(), 'UserLoggedIn', 1, $1, 'auth')`,
        [JSON.stringify({ userId: `u${i}`, ip: null, userAgent: null, at: new Date().toISOString() })],
      )
      await c.query('COMMIT')
    } finally {
      c.release()
    }
  })
  await pool.query('TRUNCATE event_outbox, bench_business')
  await pool.end()
  return n / s
}

/** One business transaction of the real path: a row and its event, committed together. */
let webDb: PrismaClient | undefined
function publishOne(i: number): Promise<string> {
  const at = new Date().toISOString()
  return webDb!.$transaction(
    async (tx) => {
      await tx.$executeRaw`INSERT INTO bench_business (user_id, amount) VALUES (${`u${i}`}, 4900)`
      return publish(tx, 'UserLoggedIn', { userId: `u${i}`, ip: null, userAgent: null, at })
    },
    { maxWait: 20_000 },
  )
}

/** The same transaction on the lean path (server/lib/pg.ts): plain pg, publish() on the pg client. */
let webPool: pg.Pool | undefined
function publishOnePg(i: number): Promise<string> {
  const at = new Date().toISOString()
  return pgTransaction(async (c) => {
    await c.query({ name: 'bench_business', text: 'INSERT INTO bench_business (user_id, amount) VALUES ($1, 4900)', values: [`u${i}`] })
    return publish(c, 'UserLoggedIn', { userId: `u${i}`, ip: null, userAgent: null, at })
  }, webPool!)
}
type TPublisher = (i: number) => Promise<string>

interface TWorkerMsg {
  ready?: boolean
  fanout?: number
  cpuMs?: number
  handled?: number
  lat?: number[]
  latDb?: number[]
}

/** The sidecar in a child process (as deployed), so publishing and consuming do not share one event loop. */
async function forkWorker() {
  const child = fork(path.join(import.meta.dirname, 'events-worker.ts'), [], {
    // BENCH_CPU_PROF=<dir> profiles the worker process too (node --cpu-prof).
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: { ...process.env, BENCH_DB_URL: dbUrl, BENCH_PREFIX: prefix, REDIS_URL },
  })
  const state = { handled: 0, lat: [] as number[], latDb: [] as number[], ready: false, fanout: 1, cpuMs: 0 }
  child.on('message', (m: TWorkerMsg) => {
    if (m.ready) state.ready = true
    if (m.fanout) state.fanout = m.fanout
    if (m.cpuMs) state.cpuMs = m.cpuMs
    if (m.handled !== undefined) state.handled = m.handled
    if (m.lat) state.lat.push(...m.lat)
    if (m.latDb) state.latDb.push(...m.latDb)
  })
  await until(() => state.ready, 'worker process start', 30_000)
  const exited = new Promise((r) => child.once('exit', r))
  return { state, stop: async () => (child.send('stop'), await exited) }
}

interface TSteady {
  rate: number
  achieved: number
  fromCall: string
  fromTx: string
}

const summary = (xs: number[]) => {
  const s = xs.sort((x, y) => x - y)
  return [50, 95, 99, 100].map((p) => fmt(percentile(s, p))).join(' / ') + ' ms'
}

/** Publishes at `rate` for STEADY_S seconds on a 10 ms clock; latencies as measured by the listener. */
async function steadyRate(
  state: { handled: number; lat: number[]; latDb: number[] },
  rate: number,
  offset: number,
  publishOne: TPublisher,
): Promise<TSteady> {
  const base = state.handled
  state.lat = []
  state.latDb = []
  const total = rate * STEADY_S
  let sent = 0
  const inflight: Promise<unknown>[] = []
  const t1 = performance.now()
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t1) / 1000) * rate))
    for (; sent < due; sent++) inflight.push(publishOne(offset + sent))
    await new Promise((r) => setTimeout(r, 10))
  }
  await Promise.all(inflight)
  const achieved = total / ((performance.now() - t1) / 1000)
  await until(() => state.handled - base >= total, `steady ${rate}/s events`, 30_000)
  return { rate, achieved, fromCall: summary(state.lat), fromTx: summary(state.latDb) }
}

async function main() {
  await ensureDatabase(dbUrl)
  await migrate(dbUrl)
  const admin = new pg.Client({ connectionString: dbUrl })
  await admin.connect()
  await admin.query('CREATE TABLE bench_business (id bigserial PRIMARY KEY, user_id text NOT NULL, amount numeric NOT NULL, created_at timestamptz NOT NULL DEFAULT now())')
  // The publishing side's pool, as the web tier would have it (same size as (b)'s).
  webDb = new PrismaClient({ adapter: new PrismaPg({ connectionString: dbUrl, max: C }) })
  await webDb.$queryRawUnsafe('SELECT 1') // connect outside the measured window
  webPool = new pg.Pool({ connectionString: dbUrl, max: C })

  console.log(`bench:events  N=${N} concurrency=${C} warm-up=${WARMUP} (pid ${process.pid})`)
  const a = await benchRawBullmq()
  console.log(`(a) ${fmt(a)} jobs/s`)
  await benchRawPg(WARMUP) // JIT and connection warm-up, not measured
  const b = await benchRawPg(N)
  console.log(`(b) ${fmt(b)} tx/s`)
  // The same transaction on the lean pg path, then through Prisma; nothing consuming.
  await runConcurrent(WARMUP, C, publishOnePg)
  const b3 = N / (await runConcurrent(N, C, publishOnePg))
  console.log(`(b'') ${fmt(b3)} tx/s`)
  // Through Prisma and publish(): the ORM's share. Its N rows stay for (e) to drain.
  await runConcurrent(WARMUP, C, publishOne)
  await admin.query('TRUNCATE event_outbox, bench_business')
  const b2 = N / (await runConcurrent(N, C, publishOne))
  await admin.end()
  console.log(`(b') ${fmt(b2)} tx/s`)

  // (e) the sidecar alone: a fresh worker drains the N events (b') left in the outbox.
  const worker = await forkWorker()
  try {
    // Timed from the worker's ready message (process start-up excluded); the few events
    // it handled before that are left out of the count.
    const t00 = performance.now()
    const before = worker.state.handled
    await until(() => worker.state.handled >= N, 'outbox drain', 60_000)
    const e = (N - before) / ((performance.now() - t00) / 1000)
    console.log(`(e) ${fmt(e)} events/s drained`)
    /** (c) for one publisher: N events published at concurrency C, timed until all are handled. */
    const endToEnd = async (publishOne: TPublisher) => {
      const from = worker.state.handled
      await runConcurrent(WARMUP, C, publishOne)
      await until(() => worker.state.handled - from >= WARMUP, 'warm-up events', 60_000)
      const warm = worker.state.handled
      const cpuWorker0 = worker.state.cpuMs
      const cpu0 = process.cpuUsage()
      const t0 = performance.now()
      await runConcurrent(N, C, publishOne)
      const published = (performance.now() - t0) / 1000
      await until(() => worker.state.handled - warm >= N, 'end-to-end events', 60_000)
      const rate = N / ((performance.now() - t0) / 1000)
      const cpuPub = process.cpuUsage(cpu0)
      const cpu = `${fmt((cpuPub.user + cpuPub.system) / 1000 / N, 2)} / ${fmt((worker.state.cpuMs - cpuWorker0) / N, 2)} ms`
      return { rate, pub: N / published, cpu }
    }
    const cP = await endToEnd(publishOne)
    console.log(`(c) ${fmt(cP.rate)} events/s (publish side ${fmt(cP.pub)} tx/s)`)
    const cL = await endToEnd(publishOnePg)
    console.log(`(c lean) ${fmt(cL.rate)} events/s (publish side ${fmt(cL.pub)} tx/s)`)
    const c = cP.rate

    let offset = 10 * N
    const steady = (rate: number, pub: TPublisher) => steadyRate(worker.state, rate, (offset += rate * STEADY_S), pub)
    const d = await steady(RATE, publishOne)
    const dL = await steady(RATE, publishOnePg)
    const d2 = await steady(RATE2, publishOne)
    const row = (label: string, x: TSteady) => [
      [`(d) steady ${fmt(x.rate)} events/s for ${STEADY_S}s, ${label}: achieved`, `${fmt(x.achieved)} events/s`, ''],
      [`    p50 / p95 / p99 / max (from publish call)`, x.fromCall, x.rate === RATE ? 'p95 < 100 ms' : ''],
      [`    p50 / p95 / p99 / max (from tx start)`, x.fromTx, ''],
    ] as [string, string, string][]
    console.log('')
    printTable([
      ['measure', 'value', 'target'],
      ['(a) raw BullMQ add→process', `${fmt(a)} jobs/s`, ''],
      ['(b) raw PostgreSQL tx (business row + outbox row)', `${fmt(b)} tx/s`, ''],
      ["(b') same tx via Prisma + publish(), no consumer", `${fmt(b2)} tx/s`, ''],
      ["(b'') same tx via pg + publish() (lean path), no consumer", `${fmt(b3)} tx/s`, ''],
      [`(c) publish → relay → BullMQ → listener (×${worker.state.fanout} subscribers), Prisma`, `${fmt(c)} events/s`, ''],
      ['    publish side alone during (c)', `${fmt(cP.pub)} tx/s`, ''],
      ['    CPU per event during (c): publisher / worker', cP.cpu, ''],
      ['(c lean) the same, publishing on the pg path', `${fmt(cL.rate)} events/s`, ''],
      ['    publish side alone during (c lean)', `${fmt(cL.pub)} tx/s`, ''],
      ['    CPU per event during (c lean): publisher / worker', cL.cpu, ''],
      ['(c)/(b)', fmt(c / b, 2), '≥ 0.60'],
      ['(c lean)/(b)', fmt(cL.rate / b, 2), '≥ 0.60'],
      ["(c)/(b')", fmt(c / b2, 2), ''],
      ['(c)/(a)', fmt(c / a, 2), ''],
      [`(e) worker alone draining a backlog of N (×${worker.state.fanout})`, `${fmt(e)} events/s`, ''],
      ...row('Prisma', d),
      ...row('pg (lean)', dL),
      ...row('Prisma', d2),
    ])
  } finally {
    await worker.stop()
  }
}

async function cleanup() {
  await webDb?.$disconnect().catch(() => {})
  await webPool?.end().catch(() => {})
  await release()
}

try {
  await main()
} finally {
  await cleanup()
}
