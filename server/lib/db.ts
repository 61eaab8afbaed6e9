import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client'
import { useConfig } from './config'
import { closePgPools, createReadRetryPool } from './pg'

export type { Prisma } from '../generated/prisma/client'
export { PrismaClient }

/** A transaction client: what `db.$transaction(async (tx) => ...)` hands to its callback. */
export type TTx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]
/** Either the root client or a transaction client: domain functions accept both. */
export type TDb = PrismaClient | TTx

const clients = new Map<string, PrismaClient>()

/** One PrismaClient per database URL and process (web and worker each have their own pool). */
export function useDb(url = useConfig().DATABASE_URL): PrismaClient {
  let client = clients.get(url)
  if (!client) {
    // Our own pool so that reads outside a transaction survive a dropped connection (pg.ts).
    const pool = createReadRetryPool({ connectionString: url })
    client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) })
    clients.set(url, client)
  }
  return client
}

/** Closes every database connection of this process: Prisma clients and the plain pg pools. */
export async function closeDb(): Promise<void> {
  const all = [...clients.values()]
  clients.clear()
  await Promise.all([...all.map((c) => c.$disconnect()), closePgPools()])
}
