// Generates the Prisma client into server/generated/prisma when the schema changed.
// PRISMA_SCHEMA_ENGINE_BINARY must name an executable or `prisma generate` tries to
// download the schema engine; the runtime client (adapter-pg) needs no engine.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT, run } from './lib/env.mjs'

export function ensureGenerated() {
  const dir = path.join(ROOT, 'prisma/schema')
  const h = createHash('sha256')
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(path.join(dir, f)))
  const want = h.digest('hex')
  const stamp = path.join(ROOT, 'server/generated/prisma/.schema-hash')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return
  // prisma.config.ts is loaded through the root tsconfig.json, which extends Nuxt's
  // generated one: on a fresh clone that file exists only after `nuxt prepare`.
  if (!existsSync(path.join(ROOT, '.nuxt/tsconfig.json'))) run('npx', ['nuxt', 'prepare'])
  run('npx', ['prisma', 'generate'], { env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' } })
  writeFileSync(stamp, want)
}

if (import.meta.url === `file://${process.argv[1]}`) ensureGenerated()
