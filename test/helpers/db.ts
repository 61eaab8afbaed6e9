import { randomBytes } from 'node:crypto'
import { dropDatabase, ensureDatabase, migrate } from '../../scripts/lib/migrate'

const BASE = process.env.TEST_DATABASE_BASE ?? 'postgresql://postgres@127.0.0.1:5432'

/**
 * A fresh, fully migrated PostgreSQL database for one test file, so files can run
 * in parallel without sharing rows. Call the returned drop() in afterAll.
 */
export async function createTestDatabase(label = 't'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `d24_${label.replace(/\W/g, '_').slice(0, 20)}_${randomBytes(4).toString('hex')}`
  const url = `${BASE}/${name}`
  await ensureDatabase(url)
  await migrate(url)
  return { url, drop: () => dropDatabase(url) }
}

/** A unique Redis key prefix for one test file (BullMQ queues included). */
export function testRedisPrefix(label = 't'): string {
  return `test:${label}:${randomBytes(3).toString('hex')}`
}
