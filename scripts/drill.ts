/**
 * `npm run drill`: a rolling restart under load, on this machine only.
 *
 * Starts a local S3 server, 2 web processes (the build in .output) and 2 workers behind
 * a round-robin balancer (scripts/lib/balancer.ts), on a database and Redis prefix of
 * its own. It sends authenticated reads and event-publishing writes (POST
 * /api/workspace → WorkspaceCreated) through the balancer while it SIGTERMs and restarts
 * each web process and kill -9s and restarts a worker. Then it waits for the outbox to
 * drain and prints requests sent / failed and events published / handled / lost /
 * duplicated. Exits 1 when any failure, loss or duplicate is seen.
 *
 * Options (environment): DRILL_SECONDS (load duration, default 45), DRILL_CLIENTS
 * (concurrent clients, default 8), DRILL_KEEP=1 keeps the database afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import pg from 'pg'
import { startBalancer, type TBalancer } from './lib/balancer'
import { dropDatabase, ensureDatabase, migrate } from './lib/migrate'
import { startS3Server } from './lib/s3-server'

const ROOT = path.resolve(import.meta.dirname, '..')
const ENTRY = path.join(ROOT, '.output/server/index.mjs')
const BASE = process.env.DRILL_DATABASE_BASE ?? 'postgresql://postgres@127.0.0.1:5432'
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const SECONDS = Number(process.env.DRILL_SECONDS ?? 45)
const CLIENTS = Number(process.env.DRILL_CLIENTS ?? 8)
const VALID_BIN = '050140005121'
const DEMO = ['admin@dogovor24.kz', 'lawyer@dogovor24.kz', 'user@dogovor24.kz']

const log = (msg: string) => console.log(`[drill ${new Date().toISOString().slice(11, 19)}] ${msg}`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => resolve(port))
    })
  })
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await sleep(everyMs)
  }
  throw new Error(`timed out waiting for ${what}`)
}

interface TProc {
  name: string
  child: ChildProcess
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  output: () => string
}

function startProc(name: string, args: string[], env: Record<string, string>): TProc {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })))
  return { name, child, exited, output: () => out }
}

async function main() {
  if (!existsSync(ENTRY)) throw new Error(`No build at ${ENTRY}: run npx nuxt build first.`)
  const tag = randomBytes(4).toString('hex')
  const dbUrl = `${BASE}/d24_drill_${tag}`
  const prefix = `drill:${tag}`
  const s3dir = mkdtempSync(path.join(tmpdir(), 'd24-drill-s3-'))
  const procs = new Set<TProc>()
  let balancer: TBalancer | undefined
  const s3 = await startS3Server({ port: 0, dir: s3dir, buckets: ['dogovor24'] })
  log(`database ${dbUrl}, Redis prefix ${prefix}`)
  await ensureDatabase(dbUrl)
  await migrate(dbUrl)

  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    REGION: 'kz',
    S3_ENDPOINT: s3.endpoint,
    SMTP_URL: '',
    AUTH_SECRET: 'drill-only-auth-secret-0123456789abcdef',
    PUSHER_SECRET: 'drill-only-pusher-secret-0123456789',
    HISTORY_CHECKPOINT_SECRET: 'drill-only-history-checkpoint-secret-0123456789',
    LOG_LEVEL: 'error',
    SHUTDOWN_DRAIN_MS: '1500',
    WORKER_HEALTH_PORT: '0',
  }
  // Demo users (active, known password) through the seed's own code, on the drill database.
  {
    const seed = startProc('seed', ['--import', 'tsx', '--input-type=module', '-e', "const m = await import('./server/domains/auth/ensure-demo-users.ts'); await m.ensureDemoUsers(); process.exit(0)"], env)
    const r = await seed.exited
    if (r.code !== 0) throw new Error(`seeding failed:\n${seed.output()}`)
  }

  const webPorts = [await freePort(), await freePort()]
  const startWeb = (i: number) => {
    const p = startProc(`web${i + 1}`, [ENTRY], { ...env, PORT: String(webPorts[i]), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${webPorts[i]}` })
    procs.add(p)
    return p
  }
  const startWorkerProc = (i: number) => {
    const p = startProc(`worker${i + 1}`, ['--import', 'tsx', 'server/workers/main.ts'], env)
    procs.add(p)
    return p
  }
  const webs = [startWeb(0), startWeb(1)]
  const workers = [startWorkerProc(0), startWorkerProc(1)]

  try {
    balancer = await startBalancer({
      backends: webPorts.map((p, i) => ({ name: `web${i + 1}`, url: `http://127.0.0.1:${p}` })),
      onChange: (b, why) => log(`balancer: ${b.name} ${b.healthy ? 'out' : 'in'} (${why})`),
    })
    const lb = balancer
    await until('both web processes healthy behind the balancer', () => lb.backends.every((b) => b.healthy), 90_000)
    log('2 web + 2 workers up, balancer at ' + lb.url)

    // Sign in the demo users once; their access tokens (15 min) outlive the drill.
    const tokens: string[] = []
    for (const email of DEMO) {
      const r = await fetch(`${lb.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'Demo12345' }),
      })
      if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${await r.text()}`)
      tokens.push(((await r.json()) as { accessToken: string }).accessToken)
    }

    const stats = { sent: 0, failed: 0, reads: 0, writes: 0, created: 0 }
    const failures = new Map<string, number>()
    const fail = (key: string) => {
      stats.failed++
      failures.set(key, (failures.get(key) ?? 0) + 1)
    }
    let loading = true
    const client = async (c: number) => {
      for (let n = 0; loading; n++) {
        const token = tokens[(c + n) % tokens.length]!
        const write = n % 5 === 4
        const url = write ? '/api/workspace' : n % 2 ? '/api/auth/sessions' : '/api/auth/user'
        stats.sent++
        write ? stats.writes++ : stats.reads++
        try {
          const r = await fetch(lb.url + url, {
            method: write ? 'POST' : 'GET',
            headers: { authorization: `Bearer ${token}`, ...(write ? { 'content-type': 'application/json' } : {}) },
            body: write ? JSON.stringify({ name: `Drill ${c}-${n}`, bin: VALID_BIN }) : undefined,
            signal: AbortSignal.timeout(30_000),
          })
          const text = await r.text()
          if (r.status >= 400) fail(`${write ? 'POST' : 'GET'} ${url} ${r.status} ${text.slice(0, 160)}`)
          else if (write) stats.created++
        } catch (e) {
          fail(`${url} ${(e as Error).message}`)
        }
      }
    }
    const started = Date.now()
    const clients = Array.from({ length: CLIENTS }, (_, c) => client(c))

    const exits: string[] = []
    const rollWeb = async (i: number) => {
      const old = webs[i]!
      log(`SIGTERM ${old.name}`)
      old.child.kill('SIGTERM')
      const r = await old.exited
      procs.delete(old)
      exits.push(`${old.name} exit ${r.signal ?? r.code}`)
      log(`${old.name} exited (${r.signal ?? r.code}); restarting`)
      webs[i] = startWeb(i)
      await until(`${old.name} healthy again`, () => lb.backends[i]!.healthy, 90_000)
      log(`${old.name} back in rotation`)
    }
    const killWorker = async (i: number) => {
      const old = workers[i]!
      log(`kill -9 ${old.name}`)
      old.child.kill('SIGKILL')
      await old.exited
      procs.delete(old)
      workers[i] = startWorkerProc(i)
      log(`${old.name} restarted`)
    }
    await sleep(Math.min(8000, (SECONDS * 1000) / 5))
    await rollWeb(0)
    await sleep(2000)
    await killWorker(0)
    await sleep(2000)
    await rollWeb(1)
    const left = SECONDS * 1000 - (Date.now() - started)
    if (left > 0) await sleep(left)
    loading = false
    await Promise.all(clients)
    log(`load done after ${((Date.now() - started) / 1000).toFixed(1)} s`)

    // Events: every routed listener must hold exactly one receipt for every event.
    const sql = new pg.Client({ connectionString: dbUrl })
    await sql.connect()
    const OWED = `FROM event_outbox o WHERE o.relayed_at IS NULL OR EXISTS (
        SELECT 1 FROM unnest(o.routed_to) AS d(domain)
        WHERE NOT EXISTS (SELECT 1 FROM event_receipts r WHERE r.event_id = o.id AND r.listener = d.domain || '.' || o.name))`
    const owed = async () => Number((await sql.query<{ n: string }>(`SELECT count(*) AS n ${OWED}`)).rows[0]!.n)
    const drainStart = Date.now()
    await until('the outbox to drain', async () => (await owed()) === 0, 180_000, 500).catch((e: Error) => log(e.message))
    log(`outbox drained in ${((Date.now() - drainStart) / 1000).toFixed(1)} s`)
    const one = async (q: string) => Number((await sql.query<{ n: string }>(q)).rows[0]!.n)
    const published = await one('SELECT count(*) AS n FROM event_outbox')
    const lostEvents = await owed()
    const workspaceEvents = await one(`SELECT count(*) AS n FROM event_outbox WHERE name = 'WorkspaceCreated'`)
    // A listener's effect applied twice: history entries are written by the listeners
    // with the event id; the same (event, action, entity) twice is a duplicate.
    const duplicated = await one(
      `SELECT count(*) AS n FROM (SELECT 1 FROM audit_log WHERE event_id IS NOT NULL GROUP BY event_id, action, entity_id HAVING count(*) > 1) d`,
    )
    const receiptsPerListener = await one(
      `SELECT count(*) AS n FROM (SELECT 1 FROM event_receipts GROUP BY event_id, listener HAVING count(*) > 1) d`,
    )
    // A write the client was told succeeded must have its event.
    const createdWithoutEvent = Math.max(0, stats.created - workspaceEvents)
    await sql.end()

    const lost = lostEvents + createdWithoutEvent
    const dup = duplicated + receiptsPerListener
    console.log('')
    console.log('drill result')
    console.log(`  requests sent ${stats.sent} (reads ${stats.reads}, writes ${stats.writes}), failed ${stats.failed}`)
    for (const [k, n] of failures) console.log(`    ${n} × ${k}`)
    console.log(`  events published ${published}, handled ${published - lostEvents}, lost ${lost}, duplicated ${dup}`)
    console.log(`  workspaces created (201) ${stats.created}, WorkspaceCreated events ${workspaceEvents}`)
    console.log(`  rolls: ${exits.join(', ')}; balancer: ${JSON.stringify(lb.stats)}`)
    const ok = stats.failed === 0 && lost === 0 && dup === 0 && exits.every((e) => e.endsWith(' 0'))
    console.log(ok ? '  OK: 0 failed, 0 lost, 0 duplicated' : '  FAILED')
    process.exitCode = ok ? 0 : 1
  } catch (e) {
    process.exitCode = 1
    console.error(e)
    for (const p of procs) console.error(`--- ${p.name} ---\n${p.output().slice(-3000)}`)
  } finally {
    await balancer?.close().catch(() => {})
    await Promise.all(
      [...procs].map(async (p) => {
        if (p.child.exitCode !== null || p.child.signalCode !== null) return
        p.child.kill('SIGTERM')
        const t = setTimeout(() => p.child.kill('SIGKILL'), 10_000)
        await p.exited
        clearTimeout(t)
      }),
    )
    await s3.stop().catch(() => {})
    rmSync(s3dir, { recursive: true, force: true })
    const redis = new Redis(REDIS_URL)
    for (let cursor = '0'; ; ) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
      if (keys.length) await redis.del(...keys)
      cursor = next
      if (cursor === '0') break
    }
    await redis.quit()
    if (!process.env.DRILL_KEEP) await dropDatabase(dbUrl).catch(() => {})
  }
}

await main()
