import { fork } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { loadavg } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import { GENESIS_HASH, rowHash, scopeOf, verifyChain } from '../server/domains/history'
import { PrismaClient } from '../server/lib/db'
import { ensureDatabase, migrate } from '../scripts/lib/migrate'
import { throwawayTarget, fmt, printTable, runConcurrent, until } from './events-lib'

/**
 * `npm run bench:history`: audit appends per second through the real path (outbox →
 * relay → BullMQ → history listener → audit(): receipts, head locks, hash chain) vs
 * the raw insert rate of the very same rows (already hashed) into a copy of audit_log
 * with the same indexes: one INSERT per row at the same concurrency, nothing else.
 * Both in one run, against a throwaway database and Redis prefix.
 */
process.env.LOG_LEVEL ??= 'warn'
const N = Number(process.env.BENCH_N ?? 10_000)
const USERS = Number(process.env.BENCH_USERS ?? 1000)
const C = Number(process.env.BENCH_CONCURRENCY ?? 16)
const { REDIS_URL, dbUrl, prefix, redis, release } = throwawayTarget('history', () => cleanup())
let pool: pg.Pool | undefined
let child: ReturnType<typeof fork> | undefined

interface TEvent {
  id: string
  userId: string
  at: string
}

const users = Array.from({ length: USERS }, () => randomUUID())
const makeEvents = (n: number): TEvent[] =>
  Array.from({ length: n }, (_, i) => ({ id: randomUUID(), userId: users[i % USERS]!, at: new Date(Date.now() + i).toISOString() }))

/** The rows the listener writes for these events, chained per scope as audit() would. */
function rowsOf(events: TEvent[]) {
  const heads = new Map<string, { seq: bigint; hash: string }>()
  return events.map((e) => {
    const scope = scopeOf({ actorUserId: e.userId })
    const head = heads.get(scope) ?? { seq: BigInt(0), hash: GENESIS_HASH }
    const row = {
      id: '',
      scope,
      seq: head.seq + BigInt(1),
      at: new Date(e.at),
      actorUserId: e.userId,
      workspaceId: null,
      action: 'user.login',
      entityType: 'user',
      entityId: e.userId,
      ip: '10.0.0.1',
      userAgent: 'bench',
      diff: null,
      eventId: e.id,
    }
    const hash = rowHash(head.hash, row)
    heads.set(scope, { seq: row.seq, hash })
    return { ...row, prevHash: head.hash, hash }
  })
}

async function rawInserts(rows: ReturnType<typeof rowsOf>): Promise<number> {
  const s = await runConcurrent(rows.length, C, (i) => {
    const r = rows[i]!
    return pool!.query({
      name: 'bench_raw_insert',
      text: `INSERT INTO bench_audit_raw (scope, seq, at, actor_user_id, workspace_id, action, entity_type, entity_id, ip, user_agent, diff, event_id, prev_hash, hash)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      values: [r.scope, r.seq.toString(), r.at, r.actorUserId, r.workspaceId, r.action, r.entityType, r.entityId, r.ip, r.userAgent, r.diff, r.eventId, r.prevHash, r.hash],
    })
  })
  return rows.length / s
}

/** Puts the events in the outbox as committed, unrelayed rows (what publish() leaves behind). */
async function fillOutbox(events: TEvent[]) {
  for (let i = 0; i < events.length; i += 1000) {
    const part = events.slice(i, i + 1000)
    await pool!.query(
      `INSERT INTO event_outbox (id, name, version, payload, publisher)
       SELECT id, 'UserLoggedIn', 1, payload, 'auth' FROM unnest($1::uuid[], $2::jsonb[]) AS t(id, payload)`,
      [part.map((e) => e.id), part.map((e) => JSON.stringify({ userId: e.userId, ip: '10.0.0.1', userAgent: 'bench', at: e.at }))],
    )
  }
}

const countRows = async (table: string) => Number((await pool!.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n)

/**
 * Starts the worker process and times, from its ready message, until `table` has
 * `expected` rows: audit_log for the real listener, event_receipts for the no-op one.
 */
async function drain(expected: number, noop: boolean): Promise<number> {
  const table = noop ? 'event_receipts' : 'audit_log'
  let ready = false
  child = fork(path.join(import.meta.dirname, 'history-worker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_DB_URL: dbUrl, BENCH_PREFIX: prefix, REDIS_URL, BENCH_NOOP: noop ? '1' : '0' },
  })
  child.on('message', (m: { ready?: boolean }) => void (m.ready && (ready = true)))
  await until(() => ready, 'worker process start', 30_000)
  const before = await countRows(table)
  const t0 = performance.now()
  let n = before
  for (;;) {
    n = await countRows(table)
    if (n >= expected) break
    if (performance.now() - t0 > 120_000) throw new Error(`bench: only ${n} of ${expected} audit rows after 120 s`)
    await new Promise((r) => setTimeout(r, 20))
  }
  const rate = (n - before) / ((performance.now() - t0) / 1000)
  const exited = new Promise((r) => child!.once('exit', r))
  child.send('stop')
  await exited
  return rate
}

async function main() {
  await ensureDatabase(dbUrl)
  await migrate(dbUrl)
  pool = new pg.Pool({ connectionString: dbUrl, max: C })
  await pool.query('CREATE TABLE bench_audit_raw (LIKE audit_log INCLUDING ALL)')
  const load0 = loadavg()
  console.log(`bench:history  N=${N} users(scopes)=${USERS} concurrency=${C} (pid ${process.pid}); load average ${load0.map((l) => fmt(l, 2)).join(' ')}`)

  // Warm-up of both paths (JIT, connections, plans), not measured.
  await rawInserts(rowsOf(makeEvents(Math.min(2000, N))))
  await pool.query('TRUNCATE bench_audit_raw')

  const events = makeEvents(N)
  const raw = await rawInserts(rowsOf(events))
  console.log(`(raw) ${fmt(raw)} rows/s`)

  // The pipeline's ceiling: the same events through a history listener that writes nothing.
  const noopEvents = makeEvents(N)
  await fillOutbox(noopEvents)
  const pipeline = await drain(N, true)
  console.log(`(pipeline) ${fmt(pipeline)} events/s`)

  await fillOutbox(events)
  const listener = await drain(N, false)
  console.log(`(listener) ${fmt(listener)} appends/s`)

  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: dbUrl, max: 2 }) })
  const report = await verifyChain(db)
  await db.$disconnect()
  const load1 = loadavg()
  console.log('')
  printTable([
    ['measure', 'value', 'target'],
    ['(raw) same rows, one INSERT each, into a copy of audit_log', `${fmt(raw)} rows/s`, ''],
    ['(listener) outbox → relay → BullMQ → history listener → audit()', `${fmt(listener)} appends/s`, '≥ 2,000/s'],
    ['(listener)/(raw)', fmt(listener / raw, 2), '≥ 0.50'],
    ['(pipeline) the same events, a history listener that writes nothing', `${fmt(pipeline)} events/s`, ''],
    ['(listener)/(pipeline): what appending costs on top of the event path', fmt(listener / pipeline, 2), ''],
    ['chains verified after the run', `${report.ok ? 'ok' : 'BROKEN'}: ${fmt(report.checked)} entries, ${fmt(report.scopes)} scopes`, 'ok'],
    ['load average (1/5/15 min) at start / end', `${load0.map((l) => fmt(l, 2)).join(' ')} / ${load1.map((l) => fmt(l, 2)).join(' ')}`, ''],
  ])
}

async function cleanup() {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r))
    child.send('stop')
    await exited
  }
  await pool?.end().catch(() => {})
  await release()
}

try {
  await main()
} finally {
  await cleanup()
}
