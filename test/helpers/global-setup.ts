import pg from 'pg'
import { Redis } from 'ioredis'
import { pingClamd } from '../../server/lib/antivirus'
import { useConfig } from '../../server/lib/config'

/** Fails the run at once, with the fix, when a service the tests need is not up. */
export default async function setup() {
  const client = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' })
  try {
    await client.connect()
    await client.end()
  } catch (e) {
    throw new Error(`PostgreSQL is not reachable on 127.0.0.1:5432 (${(e as Error).message}). Run: npm test (it starts it) or pg_ctlcluster 15 main start`)
  }
  const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 })
  try {
    await redis.connect()
    await redis.ping()
  } catch (e) {
    throw new Error(`Redis is not reachable on 127.0.0.1:6379 (${(e as Error).message}). Run: npm test (it starts it)`)
  } finally {
    redis.disconnect()
  }
  if (!(await pingClamd(3000))) {
    throw new Error(`clamd is not answering at ${useConfig().CLAMD_URL} (CLAMD_URL). Run: npm test (it starts it) or node scripts/clamd.mjs (needs: apt-get install -y --no-install-recommends clamav-daemon clamav)`)
  }
}
