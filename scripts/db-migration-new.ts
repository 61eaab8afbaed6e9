import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { MIGRATIONS_DIR } from './lib/migrate'
import { diffSql, SCHEMA_DIR } from './lib/prisma6'

/**
 * `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
 * with the SQL that takes the schema as of the last migration (a snapshot kept in
 * prisma/.schema-snapshot) to prisma/schema as it is now.
 */
const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_').toLowerCase()
if (!name) {
  console.error('usage: npm run db:migration -- <name>')
  process.exit(2)
}
// Kept beside (not inside) migrations/: Prisma's migrate deploy expects only migration folders there.
const snapshot = path.resolve(MIGRATIONS_DIR, '../.schema-snapshot')
const sql = diffSql(SCHEMA_DIR, existsSync(snapshot) ? snapshot : undefined)
if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
  console.log('schema unchanged since the last migration: nothing written')
  process.exit(0)
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`)
mkdirSync(dir, { recursive: true })
writeFileSync(path.join(dir, 'migration.sql'), sql)
rmSync(snapshot, { recursive: true, force: true })
cpSync(SCHEMA_DIR, snapshot, { recursive: true })
console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`)
