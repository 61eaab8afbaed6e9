import pg from 'pg'
import { useConfig } from './config'
import { isConnectionLost } from './db-errors'
import { useLogger } from './log'

/**
 * Plain node-postgres next to Prisma, for the few hot write paths where the ORM's
 * per-transaction CPU (~0.5 ms here against ~0.15 ms) is the bottleneck. Same
 * database, own pool; everything else should use useDb().
 */
const pools = new Map<string, pg.Pool>()

export function usePgPool(url = useConfig().DATABASE_URL, max = 10): pg.Pool {
  let pool = pools.get(url)
  if (!pool) {
    pool = createReadRetryPool({ connectionString: url, max })
    pools.set(url, pool)
  }
  return pool
}

const log = useLogger('db')

// A statement that only reads: running it twice is harmless. Anything else (WITH, which
// may hide a data-modifying CTE, INSERT ... RETURNING, CALL) is not retried.
const LEADING_NOISE = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/
export function isReadStatement(text: string): boolean {
  return /^select\b/i.test(text.replace(LEADING_NOISE, ''))
}

/**
 * A pg.Pool whose pool.query() runs a read once more when the connection died under it
 * (server restart, failover, pg_terminate_backend): the read goes to a connection opened
 * after the failure, so it cannot land on another victim of the same event. Writes and
 * statements on a checked-out client (transactions: pool.connect()) are never retried;
 * their error reaches the caller (the API answers 503, see error-response.ts).
 * Prisma's adapter is handed such a pool too (db.ts), so its root-level reads
 * (find*, count, aggregate: each a SELECT outside a transaction) get the same rescue.
 */
export function createReadRetryPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config)
  // An idle client's error (server restart) must not crash the process; the pool drops it.
  pool.on('error', () => {})
  const born = new WeakMap<pg.PoolClient, number>()
  let opened = 0
  pool.on('connect', (client) => born.set(client, ++opened))

  const once = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>
  async function onFreshConnection(args: unknown[]): Promise<pg.QueryResult> {
    const openedBefore = opened
    // Let the close events of the other connections the same event killed arrive first.
    await new Promise((r) => setImmediate(r))
    let client = await pool.connect()
    // Connections older than the failure may be dead and not know it yet: drop them.
    for (let left = (config.max ?? 10) + 1; (born.get(client) ?? 0) <= openedBefore && left > 0; left--) {
      client.release(true)
      client = await pool.connect()
    }
    try {
      const result = await (client.query as (...a: unknown[]) => Promise<pg.QueryResult>)(...args)
      client.release()
      return result
    } catch (e) {
      client.release(isConnectionLost(e) ? (e as Error) : undefined)
      throw e
    }
  }

  const query = (...args: unknown[]) => {
    const first = args[0] as string | { text?: string; submit?: unknown } | undefined
    const text = typeof first === 'string' ? first : first?.text
    // Callback style and submittables (cursors, streams) keep pg's own behaviour.
    const callback = typeof args.at(-1) === 'function'
    const submittable = typeof first === 'object' && first !== null && typeof first.submit === 'function'
    if (callback || submittable || !text || !isReadStatement(text)) return once(...args)
    return once(...args).catch((e: unknown) => {
      if (!isConnectionLost(e)) throw e
      log.warn('read retried on a new connection after the database connection was lost', { err: (e as Error).message })
      return onFreshConnection(args)
    })
  }
  pool.query = query as typeof pool.query
  return pool
}

/** Runs fn inside BEGIN ... COMMIT on one pooled client; any throw rolls the whole transaction back. */
export async function pgTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>, pool: pg.Pool = usePgPool()): Promise<T> {
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    await client.query('BEGIN')
    const result = await fn(client)
    await client.query('COMMIT')
    return result
  } catch (e) {
    await client.query('ROLLBACK').catch((re: Error) => (broken = re))
    throw e
  } finally {
    // A client whose ROLLBACK failed is in an unknown state: drop it instead of reusing it.
    client.release(broken)
  }
}

export async function closePgPools(): Promise<void> {
  const all = [...pools.values()]
  pools.clear()
  await Promise.all(all.map((p) => p.end().catch(() => {})))
}
