import { ensureDemoUsers } from '../server/domains/auth'
import { closeDb } from '../server/lib/db'
import { closeRedis } from '../server/lib/redis'

/**
 * `npm run db:seed`: demo data for a local machine. Idempotent: running it again
 * changes nothing. Each domain seeds through its own exported functions (a domain
 * owns its tables), never by writing another domain's rows.
 */
async function main() {
  const users = await ensureDemoUsers()
  console.log(`db:seed: demo users created ${users.created.length}, already there ${users.existing.length}`)
}

try {
  await main()
} finally {
  await closeDb()
  await closeRedis()
}
