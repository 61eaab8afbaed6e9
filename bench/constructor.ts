/**
 * npm run bench:constructor: the constructor's autosave and preview under 50 concurrent users.
 * One run, one throwaway database and Redis prefix:
 * - the real auth + document API routes on an h3 app in its own process (test/helpers/h3-server.ts:
 *   the same handlers Nitro serves, no build needed), a lawyer publishes the lease template
 *   (test/helpers/lease-template.ts) through the API, 50 users sign up and each starts a filling;
 * - each of 50 virtual users loops: PATCH /api/document/fillings/:id/answers (a changed answer),
 *   then GET /api/document/fillings/:id/preview, then thinks a random 0.5–1.5 × --think ms
 *   (default 500: a person typing, the editor's autosave debounce); each user's first step comes
 *   after a random 0–1 × --think ms, so the 50 do not arrive in one burst every cycle (they did with
 *   a fixed think and a common start: the last of each burst of 50 waited for the other 49, and
 *   that queue, not a request's cost, made the p95; --lockstep measures that pattern again).
 *   Latencies of each kind are kept. --think=0 makes it a saturation test (50 requests always in
 *   flight: latency is then queueing, 50 / throughput);
 * - the baseline: the bare h3 echo (bench/bare-h3.ts, GET /api/bench/ping) in its own process,
 *   hit by the same 50-user client in the same pattern (two requests, think) for the same time,
 *   measured in the same run.
 * Prints p50/p95/p99 and req/s for save, preview and the echo, their ratios to the echo, and
 * the load average beside them (the machine is shared: read the ratios, not the absolute ms).
 * Target: save and preview p95 < 30 ms. Exits 1 when missed.
 * Flags: --duration=<s> per measured run (default 10, after a 2 s warm-up), --users=<n> (50),
 * --cpu-prof=<dir>: the API process writes a V8 CPU profile there (node --cpu-prof) on exit.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { Agent, request } from 'node:http'
import { loadavg } from 'node:os'
import { resolve } from 'node:path'
import { activeUser, call } from '../test/helpers/auth'
import { createTestDatabase, testRedisPrefix } from '../test/helpers/db'
import { leaseAnswers, leaseBody, leaseQuestionnaire } from '../test/helpers/lease-template'
import { ROOT } from '../test/helpers/server'
import { cpuSeconds, startBare } from './lib'

const args = process.argv.slice(2)
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const DURATION = Number(flag('duration') ?? 10)
const USERS = Number(flag('users') ?? 50)
const THINK_MS = Number(flag('think') ?? 500)
const CPU_PROF = flag('cpu-prof')
const LOCKSTEP = args.includes('--lockstep')
const TARGET_P95 = 30

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ')

/** The API routes in a child process, so the server never shares an event loop with this client. */
async function startApi(env: Record<string, string>, profile = false): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const nodeArgs = ['--import', 'tsx', ...(profile && CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(CPU_PROF)}`] : [])]
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, 'test/helpers/h3-server.ts', 'auth', 'document'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  const url = await new Promise<string>((ok, fail) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString()
      const m = /LISTENING (\S+)/.exec(out)
      if (m) ok(m[1]!)
    })
    child.once('exit', (code) => fail(new Error(`API process exited ${code}: ${out}`)))
  })
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok()
        child.once('exit', () => ok())
        child.kill('SIGTERM')
      }),
  }
}

interface TSample {
  ms: number[]
  errors: number
  firstError?: string
}

const agent = new Agent({ keepAlive: true, maxSockets: USERS })

/** One HTTP request on the shared keep-alive agent; resolves with status and body. */
function send(url: string, method: string, token?: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((ok, fail) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const headers: Record<string, string> = {}
    if (token) headers.authorization = `Bearer ${token}`
    if (payload) {
      headers['content-type'] = 'application/json'
      headers['content-length'] = String(Buffer.byteLength(payload))
    }
    const req = request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => ok({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }))
      res.on('error', fail)
    })
    req.on('error', fail)
    req.end(payload)
  })
}

async function timedSend(sample: TSample, url: string, method: string, token?: string, body?: unknown): Promise<void> {
  const t = performance.now()
  try {
    const r = await send(url, method, token, body)
    if (r.status >= 300) {
      sample.errors++
      sample.firstError ??= `${method} ${url}: ${r.status} ${r.text.slice(0, 200)}`
    }
  } catch (e) {
    sample.errors++
    sample.firstError ??= String(e)
  }
  sample.ms.push(performance.now() - t)
}

/** A small seeded PRNG (mulberry32): the same think times in every run, so runs compare. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = prng(20261203)
const wait = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve())
const think = () => wait(LOCKSTEP ? THINK_MS : THINK_MS * (0.5 + random()))

/** Runs `step` for each virtual user in a loop until `seconds` pass; returns how long it really took. */
async function virtualUsers(users: number, seconds: number, step: (vu: number, i: number) => Promise<void>): Promise<number> {
  const t0 = performance.now()
  const until = t0 + seconds * 1000
  await Promise.all(
    Array.from({ length: users }, async (_, vu) => {
      if (!LOCKSTEP) await wait(THINK_MS * random())
      for (let i = 0; performance.now() < until; i++) await step(vu, i)
    }),
  )
  return (performance.now() - t0) / 1000
}

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}

interface TRow {
  name: string
  p50: number
  p95: number
  p99: number
  rps: number
  errors: number
  /** Server CPU ms per request (both kinds of a run share the process: its CPU over all its requests). */
  cpuMs: number
}

function row(name: string, s: TSample, seconds: number, cpuMs: number): TRow {
  const r = { name, p50: pct(s.ms, 50), p95: pct(s.ms, 95), p99: pct(s.ms, 99), rps: s.ms.length / seconds, errors: s.errors, cpuMs }
  const f = (n: number) => n.toFixed(1).padStart(7)
  console.log(`  ${name.padEnd(26)} p50 ${f(r.p50)} ms  p95 ${f(r.p95)} ms  p99 ${f(r.p99)} ms  ${r.rps.toFixed(0).padStart(6)} req/s  server CPU ${cpuMs.toFixed(2)} ms/req  errors ${r.errors}   (load ${load()})`)
  if (s.firstError) console.log(`    first error: ${s.firstError}`)
  return r
}

/** The answer a save changes: the term and the city, different on every save (what typing does). */
function change(vu: number, i: number): Record<string, unknown> {
  return { termDays: 1 + ((vu * 7 + i) % 3650), city: `Город ${vu}-${i % 100}` }
}

async function main() {
  console.log(`bench:constructor: ${USERS} virtual users (save, preview, ${LOCKSTEP ? `${THINK_MS} ms think, all in step` : `${THINK_MS * 0.5}–${THINK_MS * 1.5} ms think, staggered start`}), ${DURATION} s per run after a 2 s warm-up; load average ${load()}`)
  const db = await createTestDatabase('bench_constructor')
  // Secrets of this run only: the measured process runs as production, which refuses the public defaults.
  const secret = () => randomBytes(24).toString('hex')
  const env = {
    AUTH_SECRET: secret(),
    PUSHER_SECRET: secret(),
    HISTORY_CHECKPOINT_SECRET: secret(),
    DATABASE_URL: db.url,
    REDIS_PREFIX: testRedisPrefix('bench_constructor'),
    REGION: 'kz',
    TRUST_PROXY: '1',
    REGISTER_IP_LIMIT: '100000',
    NODE_ENV: 'test',
    // Realtime pushes (sessions-changed on sign-in) have no Pusher here: their warnings are noise.
    LOG_LEVEL: 'error',
  }
  Object.assign(process.env, env)
  let api: Awaited<ReturnType<typeof startApi>> | undefined
  let bare: Awaited<ReturnType<typeof startBare>> | undefined
  try {
    api = await startApi(env)
    let base = api.url

    // A lawyer publishes the lease template through the API.
    const { useDb, closeDb } = await import('../server/lib/db')
    const lawyerUser = await activeUser(base)
    await useDb().user.update({ where: { id: lawyerUser.userId }, data: { roles: ['user', 'lawyer'] } })
    const lawyer = (await call(base, 'POST', '/api/auth/login', { body: { email: lawyerUser.email, password: lawyerUser.password }, ip: lawyerUser.ip })).body.accessToken as string
    const draft = { title: { ru: 'Договор аренды', kk: 'Жалға алу шарты' }, bilingual: true, body: leaseBody, questionnaire: leaseQuestionnaire }
    const created = await call(base, 'POST', '/api/document/templates', { token: lawyer, body: draft })
    if (created.status !== 201) throw new Error(`create template: ${created.status} ${JSON.stringify(created.body)}`)
    const published = await call(base, 'POST', `/api/document/templates/${created.body.id}/publish`, { token: lawyer })
    if (published.status >= 300) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`)
    await closeDb()

    // The users, each with a filling of the published version, answered as far as a person would be.
    const t = performance.now()
    const vus: Array<{ token: string; filling: string }> = []
    for (let i = 0; i < USERS; i++) {
      const u = await activeUser(base)
      const f = await call(base, 'POST', '/api/document/fillings', { token: u.accessToken, body: { templateId: created.body.id } })
      if (f.status !== 201) throw new Error(`start filling: ${f.status} ${JSON.stringify(f.body)}`)
      const saved = await call(base, 'PATCH', `/api/document/fillings/${f.body.id}/answers`, { token: u.accessToken, body: { answers: leaseAnswers } })
      if (saved.status !== 200) throw new Error(`first save: ${saved.status} ${JSON.stringify(saved.body)}`)
      vus.push({ token: u.accessToken, filling: f.body.id as string })
    }
    console.log(`set up ${USERS} users with a filling each in ${((performance.now() - t) / 1000).toFixed(1)} s`)
    // Set up under NODE_ENV=test (sign-up hands out its verification token there); measured as
    // production: no response-contract checks, production's logging and limits.
    await api.stop()
    api = await startApi({ ...env, NODE_ENV: 'production' }, true)
    base = api.url

    const save: TSample = { ms: [], errors: 0 }
    const preview: TSample = { ms: [], errors: 0 }
    const flow = (s: TSample, p: TSample) => async (vu: number, i: number) => {
      const { token, filling } = vus[vu]!
      await timedSend(s, `${base}/api/document/fillings/${filling}/answers`, 'PATCH', token, { answers: change(vu, i) })
      await timedSend(p, `${base}/api/document/fillings/${filling}/preview?locale=ru`, 'GET', token)
      await think()
    }
    await virtualUsers(USERS, 2, flow({ ms: [], errors: 0 }, { ms: [], errors: 0 })) // warm-up: JIT, pools
    const apiCpu0 = cpuSeconds(api.pid)
    const seconds = await virtualUsers(USERS, DURATION, flow(save, preview))
    const apiCpuMs = ((cpuSeconds(api.pid) - apiCpu0) * 1000) / Math.max(1, save.ms.length + preview.ms.length)

    bare = await startBare()
    const echoUrl = `${bare.url}/api/bench/ping`
    const echo: TSample = { ms: [], errors: 0 }
    const echoFlow = (e: TSample) => async () => {
      await timedSend(e, echoUrl, 'GET')
      await timedSend(e, echoUrl, 'GET')
      await think()
    }
    await virtualUsers(USERS, 2, echoFlow({ ms: [], errors: 0 }))
    const echoCpu0 = cpuSeconds(bare.pid)
    const echoSeconds = await virtualUsers(USERS, DURATION, echoFlow(echo))
    const echoCpuMs = ((cpuSeconds(bare.pid) - echoCpu0) * 1000) / Math.max(1, echo.ms.length)

    console.log('')
    const rows = [
      row('save (PATCH answers)', save, seconds, apiCpuMs),
      row('preview (GET preview)', preview, seconds, apiCpuMs),
      row('bare h3 echo (baseline)', echo, echoSeconds, echoCpuMs),
    ]
    const [s, p, e] = rows as [TRow, TRow, TRow]
    console.log('')
    for (const r of [s, p]) {
      console.log(`  ${r.name}: p50 ${(r.p50 / e.p50).toFixed(1)}×, p95 ${(r.p95 / e.p95).toFixed(1)}× the echo's latency; ${((r.rps / e.rps) * 100).toFixed(1)}% of its req/s`)
    }
    console.log(`  server CPU per request (save and preview together): ${apiCpuMs.toFixed(2)} ms, ${(apiCpuMs / e.cpuMs).toFixed(1)}× the echo's ${e.cpuMs.toFixed(2)} ms: one whole core would serve ${(1000 / apiCpuMs).toFixed(0)} of them a second (${USERS} users at this pace ask ${((2 * USERS) / (THINK_MS / 1000 + (s.p50 + p.p50) / 1000)).toFixed(0)})`)
    const met = s.p95 < TARGET_P95 && p.p95 < TARGET_P95 && s.errors + p.errors === 0
    console.log(`  target p95 < ${TARGET_P95} ms for save and preview: ${met ? 'MET' : 'NOT MET'} (save ${s.p95.toFixed(1)} ms, preview ${p.p95.toFixed(1)} ms); load average at end ${load()}`)
    process.exitCode = met ? 0 : 1
  } finally {
    bare?.stop()
    await api?.stop()
    agent.destroy()
    const { closeRedis } = await import('../server/lib/redis')
    await closeRedis().catch(() => {})
    await db.drop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
