import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/**
 * Renders SQL from a Prisma schema with Prisma 6.19's offline JS engine, kept in
 * scripts/prisma6 with its own lock file (Prisma 7's migrate needs a native engine
 * that cannot be downloaded here). Used to write new migrations and by the drift test.
 */
const TOOL = path.resolve(import.meta.dirname, '../prisma6')
export const SCHEMA_DIR = path.resolve(import.meta.dirname, '../../prisma/schema')

export function ensurePrisma6(): void {
  if (existsSync(path.join(TOOL, 'node_modules/prisma/build/index.js'))) return
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: TOOL, stdio: 'inherit' })
}

/** Copies a schema folder and adds the `url` Prisma 6 requires in the datasource block. */
function schemaCopy(from: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'p6schema-'))
  cpSync(from, dir, { recursive: true })
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.prisma'))) {
    const p = path.join(dir, f)
    const text = readFileSync(p, 'utf8')
    if (/datasource\s+db\s*\{/.test(text)) {
      writeFileSync(p, text.replace(/provider\s*=\s*"postgresql"/, 'provider = "postgresql"\n  url = env("DATABASE_URL")'))
    }
  }
  return dir
}

/** SQL that takes `from` (a schema folder, or empty) to `to` (a schema folder). */
export function diffSql(to: string = SCHEMA_DIR, from?: string): string {
  ensurePrisma6()
  const toCopy = schemaCopy(to)
  const fromCopy = from ? schemaCopy(from) : undefined
  try {
    // Run from TOOL so the CLI finds its prisma.config.ts (engine: js); from anywhere
    // else it falls back to the native schema engine, which is /bin/true here.
    const args = ['node_modules/prisma/build/index.js', 'migrate', 'diff', '--script']
    args.push(...(fromCopy ? ['--from-schema-datamodel', fromCopy] : ['--from-empty']))
    args.push('--to-schema-datamodel', toCopy)
    return execFileSync(process.execPath, args, {
      cwd: TOOL,
      env: {
        ...process.env,
        P6_SCHEMA: toCopy,
        // The JS engine opens its adapter even for a schema-to-schema diff: it needs a database that exists.
        DATABASE_URL: process.env.PRISMA6_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        PRISMA_QUERY_ENGINE_LIBRARY: '/bin/true',
        PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true',
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
      .replace(/^Loaded Prisma config.*\n/m, '')
      .replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n?/m, '')
  } finally {
    rmSync(toCopy, { recursive: true, force: true })
    if (fromCopy) rmSync(fromCopy, { recursive: true, force: true })
  }
}
