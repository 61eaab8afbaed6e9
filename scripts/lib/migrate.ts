import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'

/**
 * Applies prisma/migrations/<name>/migration.sql in name order. Prisma 7's own
 * `migrate deploy` needs a native engine this machine cannot download, so this
 * small runner keeps Prisma's folder format (deploy still works where the engine
 * exists) and adds what we need: a record table, a checksum check that refuses a
 * migration edited after it was applied, one transaction per migration, and an
 * advisory lock so two processes starting at once do not race.
 */
export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../prisma/migrations')
const LOCK_ID = 724_240_001

export interface TMigrationFile {
  name: string
  sql: string
  checksum: string
}

export class MigrationChangedError extends Error {
  constructor(readonly migration: string) {
    super(
      `Migration ${migration} was changed after it was applied (checksum differs). ` +
        'Never edit an applied migration: revert the file and add a new migration instead.',
    )
    this.name = 'MigrationChangedError'
  }
}

/**
 * The migration files in name order. A folder that is missing or empty is an error:
 * a bundle started from the wrong directory must not report "up to date".
 */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<TMigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  const names = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort()
  if (names.length === 0) throw new Error(`no migrations in ${dir} (give the folder with --dir)`)
  const out: TMigrationFile[] = []
  for (const name of names) {
    const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8')
    out.push({ name, sql, checksum: createHash('sha256').update(sql).digest('hex') })
  }
  return out
}

export async function migrate(
  databaseUrl: string,
  opts: { dir?: string; log?: (line: string) => void } = {},
): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => {})
  const files = await readMigrations(opts.dir)
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID])
    await client.query(`CREATE TABLE IF NOT EXISTS "_migrations" (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    const { rows } = await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM "_migrations"')
    const done = new Map(rows.map((r) => [r.name, r.checksum]))
    // Check every applied file before applying anything new.
    for (const f of files) {
      const sum = done.get(f.name)
      if (sum !== undefined && sum !== f.checksum) throw new MigrationChangedError(f.name)
    }
    const applied: string[] = []
    for (const f of files) {
      if (done.has(f.name)) continue
      await client.query('BEGIN')
      try {
        await client.query(f.sql)
        await client.query('INSERT INTO "_migrations" (name, checksum) VALUES ($1, $2)', [f.name, f.checksum])
        await client.query('COMMIT')
      } catch (e) {
        await client.query('ROLLBACK')
        throw new Error(`Migration ${f.name} failed and was rolled back: ${(e as Error).message}`, { cause: e })
      }
      applied.push(f.name)
      log(`applied ${f.name}`)
    }
    return { applied }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => {})
    await client.end()
  }
}

/**
 * Migrations of `dir` the database has not applied yet (without applying them). An
 * applied file whose checksum differs throws MigrationChangedError, as migrate() does.
 */
export async function pendingMigrations(databaseUrl: string, opts: { dir?: string } = {}): Promise<string[]> {
  const files = await readMigrations(opts.dir)
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows: exists } = await client.query<{ t: string | null }>(`SELECT to_regclass('"_migrations"')::text AS t`)
    if (!exists[0]?.t) return files.map((f) => f.name)
    const { rows } = await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM "_migrations"')
    const done = new Map(rows.map((r) => [r.name, r.checksum]))
    for (const f of files) {
      const sum = done.get(f.name)
      if (sum !== undefined && sum !== f.checksum) throw new MigrationChangedError(f.name)
    }
    return files.filter((f) => !done.has(f.name)).map((f) => f.name)
  } finally {
    await client.end()
  }
}

/** Runs `fn` on the server's maintenance database with the name of the database in `databaseUrl`. */
async function withMaintenance(databaseUrl: string, fn: (client: pg.Client, quoted: string, name: string) => Promise<void>) {
  const url = new URL(databaseUrl)
  const name = decodeURIComponent(url.pathname.slice(1))
  url.pathname = '/postgres'
  const client = new pg.Client({ connectionString: url.toString() })
  await client.connect()
  try {
    await fn(client, `"${name.replaceAll('"', '""')}"`, name)
  } finally {
    await client.end()
  }
}

/** Creates the database named in the URL when it does not exist (local development and tests). */
export function ensureDatabase(databaseUrl: string): Promise<void> {
  return withMaintenance(databaseUrl, async (client, quoted, name) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (!rowCount) await client.query(`CREATE DATABASE ${quoted}`)
  })
}

export function dropDatabase(databaseUrl: string): Promise<void> {
  return withMaintenance(databaseUrl, async (client, quoted) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`)
  })
}
