import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { dropDatabase, ensureDatabase, migrate, readMigrations } from '../../scripts/lib/migrate'

/**
 * scripts/db-migrate.ts as the release runs it: the migration Job applies, the web and
 * worker init containers wait (`--wait-seconds`) until the schema has every migration
 * their image carries.
 */
const ROOT = path.resolve(import.meta.dirname, '../..')
const BASE = 'postgresql://postgres@127.0.0.1:5432'
const cleanups: Array<() => Promise<void> | void> = []
afterAll(async () => {
  for (const c of cleanups) await c()
})

async function emptyDb(label: string): Promise<string> {
  const url = `${BASE}/d24_${label}_${Math.random().toString(16).slice(2, 10)}`
  await ensureDatabase(url)
  cleanups.push(() => dropDatabase(url))
  return url
}

function cli(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/db-migrate.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  })
}

describe('npm run db:migrate', () => {
  it('refuses a migrations folder that is missing instead of reporting "up to date"', async () => {
    const url = await emptyDb('mig_nodir')
    const missing = mkdtempSync(path.join(tmpdir(), 'd24-nomig-'))
    rmSync(missing, { recursive: true })
    const r = cli(['--dir', missing], { DATABASE_URL: url })
    expect(r.status).not.toBe(0)
    expect(r.stderr).toContain(`no migrations in ${missing}`)
    expect(r.stdout).not.toMatch(/up to date/)
  })

  it('--wait-seconds: fails after the deadline naming what is missing, and applies nothing', async () => {
    const url = await emptyDb('mig_wait_fail')
    const r = cli(['--wait-seconds', '1'], { DATABASE_URL: url })
    expect(r.status).toBe(1)
    const files = await readMigrations()
    expect(r.stderr).toContain(`${files.length} migration(s) not applied`)
    expect(r.stderr).toContain(files[0]!.name)
    // Still nothing applied: waiting never migrates.
    const again = cli(['--wait-seconds', '0'], { DATABASE_URL: url })
    expect(again.status).toBe(1)
  })

  it('--wait-seconds: returns as soon as another process has applied every migration', async () => {
    const url = await emptyDb('mig_wait_ok')
    const waiter = spawn(process.execPath, ['--import', 'tsx', 'scripts/db-migrate.ts', '--wait-seconds', '60'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    waiter.stdout.on('data', (d: Buffer) => (out += d.toString()))
    waiter.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const exited = new Promise<number | null>((resolve) => waiter.once('exit', (code) => resolve(code)))
    cleanups.push(() => void waiter.kill('SIGKILL'))
    // The waiter reports that it waits before we migrate, so it really had to wait.
    await expect.poll(() => out, { timeout: 30_000, interval: 100 }).toMatch(/waiting for/)
    await migrate(url)
    expect(await exited, out).toBe(0)
    expect(out).toMatch(/schema is up to date/)
  })

  it('applies every migration in the folder given with --dir', async () => {
    const url = await emptyDb('mig_dir')
    const r = cli(['--dir', 'prisma/migrations'], { DATABASE_URL: url })
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain(`${(await readMigrations()).length} migration(s) applied`)
  })
})
