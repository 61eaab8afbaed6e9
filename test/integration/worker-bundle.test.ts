import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Queue } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dropDatabase, ensureDatabase, readMigrations } from '../../scripts/lib/migrate'
import { testRedisPrefix } from '../helpers/db'
import { freePort } from '../helpers/server'
import { startFakeSentry, type TFakeSentry } from '../fakes/sentry'

/**
 * The worker and the migration runner as the image runs them: esbuild bundles started
 * with plain `node` from a folder with no node_modules anywhere above it (no tsx, no
 * dev dependencies). The worker serves /ping and /metrics behind METRICS_TOKEN and
 * reports dead jobs to Sentry (a fake that speaks the envelope protocol).
 */
const ROOT = path.resolve(import.meta.dirname, '../..')
const TOKEN = 'metrics-token-for-tests-0123456789'
const OPTIONAL = ['@valkey/valkey-glide', 'pg-native', 'encoding']
const prefix = testRedisPrefix('bundle')
let out: string
let externals: string[]
let dbUrl: string
let sentry: TFakeSentry
let worker: ChildProcess | undefined
let logs = ''
let base: string

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'd24-bundle-'))
  const b = spawnSync(process.execPath, ['scripts/build-worker.mjs', '--outdir', out, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 })
  if (b.status !== 0) throw new Error(`build-worker failed:\n${b.stderr}`)
  externals = (JSON.parse(b.stdout.trim().split('\n').at(-1)!) as { externals: string[] }).externals
  dbUrl = `postgresql://postgres@127.0.0.1:5432/d24_bundle_${Math.random().toString(16).slice(2, 10)}`
  await ensureDatabase(dbUrl)
  sentry = await startFakeSentry()
})

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill('SIGKILL')
    await new Promise((r) => worker!.once('exit', r))
  }
  await sentry?.stop()
  await dropDatabase(dbUrl)
  rmSync(out, { recursive: true, force: true })
})

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, NODE_ENV: 'production', AUTH_SECRET: 'bundle-test-secret-0123456789abcdefghij', PUSHER_SECRET: 'bundle-test-pusher-secret-0123456789', HISTORY_CHECKPOINT_SECRET: 'bundle-test-history-secret-0123456789abcdef', LOG_LEVEL: 'warn', DATABASE_URL: dbUrl, REDIS_PREFIX: prefix, ...extra }
}

describe('the bundled migration runner and worker', () => {
  it('leave out only optional packages nobody installs, and sit where no node_modules can be found', () => {
    expect(externals.filter((e) => !OPTIONAL.includes(e))).toEqual([])
    // dictionary-ru's files: the bundled module reads them beside itself (new URL(…, import.meta.url)).
    expect(readdirSync(out).sort()).toEqual(['index.aff', 'index.dic', 'migrate.mjs', 'migrate.mjs.map', 'worker.mjs', 'worker.mjs.map'])
    for (let dir = out; dir !== path.dirname(dir); dir = path.dirname(dir)) expect(existsSync(path.join(dir, 'node_modules')), dir).toBe(false)
  })

  it('migrate.mjs applies every migration of the folder it is given', async () => {
    const r = spawnSync(process.execPath, [path.join(out, 'migrate.mjs'), '--dir', path.join(ROOT, 'prisma/migrations')], { cwd: out, env: env({}), encoding: 'utf8', timeout: 60_000 })
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain(`${(await readMigrations()).length} migration(s) applied`)
  })

  it('worker.mjs starts and answers /ping on its health port', async () => {
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    worker = spawn(process.execPath, ['--enable-source-maps', path.join(out, 'worker.mjs')], {
      cwd: out,
      env: env({ WORKER_HEALTH_PORT: String(port), METRICS_TOKEN: TOKEN, SENTRY_DSN: sentry.dsn, SENTRY_RELEASE: 'test-release' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    worker.stdout!.on('data', (d: Buffer) => (logs += d.toString()))
    worker.stderr!.on('data', (d: Buffer) => (logs += d.toString()))
    await expect
      .poll(async () => (worker!.exitCode !== null ? `exited ${worker!.exitCode}: ${logs}` : (await fetch(`${base}/ping`).catch(() => null))?.status), { timeout: 30_000, interval: 200 })
      .toBe(200)
  })

  it('/metrics: refused without the token, served with it', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401)
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401)
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    const text = await res.text()
    expect(text).toMatch(/^d24_event_outbox_backlog 0$/m)
    expect(text).toMatch(/^d24_event_outbox_lag_seconds 0$/m)
    expect(text).toMatch(/^d24_queue_jobs\{queue="jobs",state="waiting"\} \d+$/m)
    expect(text).toMatch(/^d24_queue_dead_jobs\{queue="notification"\} 0$/m)
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m)
  })

  it('a job that dies is reported to Sentry and counted', async () => {
    const url = new URL('redis://127.0.0.1:6379')
    const q = new Queue('jobs', { connection: { host: url.hostname, port: Number(url.port) }, prefix })
    await q.add('no.such.job', {})
    await q.close()
    await expect
      .poll(() => sentry.events().find((e) => e.exception?.values.some((v) => v.value?.includes('Unknown job no.such.job'))), { timeout: 30_000, interval: 100 })
      .toBeDefined()
    const event = sentry.events().find((e) => e.exception?.values.some((v) => v.value?.includes('Unknown job no.such.job')))!
    expect(event.tags).toMatchObject({ process: 'worker', queue: 'jobs', job: 'no.such.job', region: 'kz' })
    expect(event.environment).toBe('production')
    expect(event.release).toBe('test-release')
    expect(sentry.refused).toBe(0)
    const metrics = async () => (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text()
    await expect.poll(metrics, { timeout: 10_000, interval: 200 }).toMatch(/^d24_queue_dead_jobs\{queue="jobs"\} 1$/m)
    const text = await metrics()
    expect(text).toMatch(/^d24_jobs_total\{queue="jobs",status="failed"\} 1$/m)
    // The daily outbox pruning also ran once at start: at least the dead job was timed.
    expect(Number(/^d24_job_duration_seconds_count\{queue="jobs"\} (\d+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1)
  })

  it('stops on SIGTERM with exit code 0', async () => {
    const exited = new Promise<number | null>((r) => worker!.once('exit', (code) => r(code)))
    worker!.kill('SIGTERM')
    expect(await exited, logs).toBe(0)
  })
})
