import { cpSync, mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { dropDatabase, ensureDatabase, migrate, MigrationChangedError, MIGRATIONS_DIR } from '../../scripts/lib/migrate'
import { diffSql } from '../../scripts/lib/prisma6'
import { diffCatalogs, readCatalog } from '../../scripts/lib/schema-catalog'
import { createTestDatabase } from '../helpers/db'

const BASE = 'postgresql://postgres@127.0.0.1:5432'
const cleanups: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const c of cleanups) await c()
})

async function scratchDb(label: string): Promise<string> {
  const url = `${BASE}/d24_${label}_${Math.random().toString(16).slice(2, 10)}`
  await ensureDatabase(url)
  cleanups.push(() => dropDatabase(url))
  return url
}

async function exec(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

describe('migrations', () => {
  it('build exactly the database the Prisma schema describes (no drift)', async () => {
    const migrated = await createTestDatabase('drift')
    cleanups.push(migrated.drop)
    const fromSchema = await scratchDb('schema')
    await exec(fromSchema, diffSql())
    const [a, b] = await Promise.all([readCatalog(migrated.url), readCatalog(fromSchema)])
    expect(a.columns.length).toBeGreaterThan(0)
    expect(diffCatalogs(a, b)).toEqual([])
  })

  it('the drift check notices a column the schema does not have', async () => {
    const migrated = await createTestDatabase('drift2')
    cleanups.push(migrated.drop)
    const fromSchema = await scratchDb('schema2')
    await exec(fromSchema, diffSql())
    const table = (await readCatalog(migrated.url)).columns[0]!.split('.')[0]!
    await exec(migrated.url, `ALTER TABLE ${table} ADD COLUMN drift_probe integer`)
    const diff = diffCatalogs(await readCatalog(migrated.url), await readCatalog(fromSchema))
    expect(diff).toContain(`only in migrations: columns: ${table.replaceAll('"', '')}.drift_probe int4`)
  })

  it('records applied migrations and is idempotent', async () => {
    const db = await createTestDatabase('idem')
    cleanups.push(db.drop)
    const again = await migrate(db.url)
    expect(again.applied).toEqual([])
  })

  it('refuses a migration whose file changed after it was applied, and applies nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mig-'))
    try {
      cpSync(MIGRATIONS_DIR, dir, { recursive: true })
      const url = await scratchDb('changed')
      await migrate(url, { dir })
      const names = (await import('node:fs')).readdirSync(dir).filter((n) => !n.startsWith('.')).sort()
      const first = path.join(dir, names[0]!, 'migration.sql')
      writeFileSync(first, readFileSync(first, 'utf8') + '\n-- edited after apply\n')
      // A new migration next to the edited one must not be applied either.
      const extra = path.join(dir, '99999999999999_extra')
      ;(await import('node:fs')).mkdirSync(extra)
      writeFileSync(path.join(extra, 'migration.sql'), 'CREATE TABLE extra_probe (id int);')
      await expect(migrate(url, { dir })).rejects.toBeInstanceOf(MigrationChangedError)
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      const { rowCount } = await c.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'extra_probe'`)
      await c.end()
      expect(rowCount).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('rolls back a failing migration completely', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mig-'))
    try {
      const m = path.join(dir, '00000000000001_bad')
      ;(await import('node:fs')).mkdirSync(m)
      writeFileSync(path.join(m, 'migration.sql'), 'CREATE TABLE half_written (id int); SELECT no_such_function();')
      const url = await scratchDb('rollback')
      await expect(migrate(url, { dir })).rejects.toThrow(/rolled back/)
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      const t = await c.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_written'`)
      const r = await c.query(`SELECT count(*)::int AS n FROM "_migrations"`)
      await c.end()
      expect(t.rowCount).toBe(0)
      expect(r.rows[0].n).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
