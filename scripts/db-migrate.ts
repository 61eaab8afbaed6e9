import path from 'node:path'
import { parseArgs } from 'node:util'
import { ZConfigSchema } from '../server/lib/config'
import { ensureDatabase, migrate, MigrationChangedError, pendingMigrations } from './lib/migrate'

/**
 * `npm run db:migrate`: applies prisma/migrations. Bundled as dist/migrate.mjs in the
 * image (scripts/build-worker.mjs), where the release's migration Job runs it.
 *   --dir <folder>        the migrations (default: prisma/migrations beside this script)
 *   --wait-seconds <n>    apply nothing: wait until the database has every migration of
 *                         the folder, exit 1 after n seconds (web/worker init containers)
 * Only DATABASE_URL is read: a migration needs no other secret.
 */
const { values } = parseArgs({
  options: { dir: { type: 'string' }, 'wait-seconds': { type: 'string' } },
})
const dir = values.dir ? path.resolve(values.dir) : undefined
const env = ZConfigSchema.pick({ NODE_ENV: true, DATABASE_URL: true }).safeParse(process.env)
if (!env.success) {
  process.stderr.write(`db:migrate: ${env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`)
  process.exit(78)
}
const { DATABASE_URL, NODE_ENV } = env.data

async function waitForSchema(seconds: number): Promise<number> {
  const deadline = Date.now() + seconds * 1000
  let said = false
  for (;;) {
    const pending = await pendingMigrations(DATABASE_URL, { dir }).catch((e: Error) => {
      if (e instanceof MigrationChangedError) throw e
      return [`(database not reachable: ${e.message})`]
    })
    if (pending.length === 0) {
      console.log('db:migrate: schema is up to date')
      return 0
    }
    if (Date.now() >= deadline) {
      process.stderr.write(`db:migrate: ${pending.length} migration(s) not applied after ${seconds} s: ${pending.join(', ')}\n`)
      return 1
    }
    if (!said) console.log(`db:migrate: waiting for ${pending.length} migration(s): ${pending.join(', ')}`)
    said = true
    await new Promise((r) => setTimeout(r, 1000))
  }
}

try {
  if (values['wait-seconds'] !== undefined) {
    process.exitCode = await waitForSchema(Number(values['wait-seconds']))
  } else {
    // Development creates its database; production's exists and its user may not create one.
    if (NODE_ENV !== 'production') await ensureDatabase(DATABASE_URL)
    const { applied } = await migrate(DATABASE_URL, { dir, log: (l) => console.log(l) })
    console.log(applied.length ? `db:migrate: ${applied.length} migration(s) applied` : 'db:migrate: up to date')
  }
} catch (e) {
  process.stderr.write(`db:migrate: ${(e as Error).message}\n`)
  process.exitCode = 1
}
