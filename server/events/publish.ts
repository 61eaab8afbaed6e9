import { randomUUID } from 'node:crypto'
import type { TDb } from '../lib/db'
import { AppError } from '../lib/errors'
import { EVENTS, type TEventName, type TEventPayload } from './catalog'

/** The channel publish() notifies on commit so an idle relay wakes at once instead of at its next poll. */
export const OUTBOX_CHANNEL = 'event_outbox'

/**
 * NOTIFY makes PostgreSQL serialize the commits of notifying transactions (a global
 * lock held through the WAL flush: ~570 tx/s here against ~2,000-3,000 without), so a
 * process notifies at most once per NOTIFY_EVERY_MS. The relay wakes on the first one
 * and, while rows keep coming, polls on its own at a short interval until idle.
 */
const NOTIFY_EVERY_MS = 25
let lastNotifyAt = 0

export interface TPublishOptions {
  /** A caller-chosen id (uuid) makes a publish retry-safe: the same id is inserted once. */
  id?: string
  /** 'always' wakes the relay from this transaction; false never (bulk back-fills). Default: throttled. */
  notify?: boolean | 'always'
}

/**
 * A node-postgres client (pg.PoolClient, pg.Client) on which the caller has opened a
 * transaction: the lean path for hot write paths that skip the ORM (see pgTransaction
 * in server/lib/pg.ts). The outbox row then commits or rolls back with that transaction.
 */
export interface TPgQueryable {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<unknown>
}

const INSERT_SQL = `INSERT INTO event_outbox (id, name, version, payload, publisher)
  VALUES ($1::uuid, $2, $3, $4::jsonb, $5) ON CONFLICT (id) DO NOTHING`
const INSERT_NOTIFY_SQL = `WITH ins AS (${INSERT_SQL}) SELECT pg_notify('${OUTBOX_CHANNEL}', '')`

interface TOutboxRow {
  id: string
  name: string
  version: number
  json: string
  publisher: string
  notify: boolean
}

function outboxRow<N extends TEventName>(name: N, payload: TEventPayload<N>, opts: TPublishOptions): TOutboxRow {
  const def = EVENTS[name]
  if (!def) throw new AppError('VALIDATION', `Unknown event ${String(name)}`, { messageKey: 'errors.validation' })
  const parsed = def.payload.safeParse(payload)
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({
      path: ['payload', ...i.path.map(String)].join('.'),
      message: i.message,
      code: i.code,
    }))
    throw new AppError('VALIDATION', `Invalid ${name} payload: ${fields.map((f) => `${f.path} (${f.message})`).join(', ')}`, {
      messageKey: 'errors.validation',
      fields,
    })
  }
  const now = Date.now()
  const notify = opts.notify === 'always' || (opts.notify !== false && now - lastNotifyAt >= NOTIFY_EVERY_MS)
  if (notify) lastNotifyAt = now
  return { id: opts.id ?? randomUUID(), name, version: def.version, json: JSON.stringify(parsed.data), publisher: def.publisher, notify }
}

const isPrisma = (tx: TDb | TPgQueryable): tx is TDb => '$executeRaw' in tx

/**
 * Validates the payload against the catalog and writes an outbox row in the caller's
 * transaction, so the business change and its event commit or roll back together.
 * Nothing is sent here: the relay in the worker sidecar delivers committed rows.
 * `tx` is a Prisma transaction client, or a pg client inside BEGIN ... COMMIT.
 */
export async function publish<N extends TEventName>(
  tx: TDb | TPgQueryable,
  name: N,
  payload: TEventPayload<N>,
  opts: TPublishOptions = {},
): Promise<string> {
  const r = outboxRow(name, payload, opts)
  if (!isPrisma(tx)) {
    // Named statements: parsed once per connection, then only bound and executed.
    await tx.query({
      name: r.notify ? 'd24_outbox_insert_notify' : 'd24_outbox_insert',
      text: r.notify ? INSERT_NOTIFY_SQL : INSERT_SQL,
      values: [r.id, r.name, r.version, r.json, r.publisher],
    })
    return r.id
  }
  // One round trip: the insert and the NOTIFY (delivered by PostgreSQL only at commit).
  if (!r.notify) {
    await tx.$executeRaw`INSERT INTO event_outbox (id, name, version, payload, publisher)
      VALUES (${r.id}::uuid, ${r.name}, ${r.version}, ${r.json}::jsonb, ${r.publisher})
      ON CONFLICT (id) DO NOTHING`
  } else {
    await tx.$executeRaw`WITH ins AS (
        INSERT INTO event_outbox (id, name, version, payload, publisher)
        VALUES (${r.id}::uuid, ${r.name}, ${r.version}, ${r.json}::jsonb, ${r.publisher})
        ON CONFLICT (id) DO NOTHING
      ) SELECT pg_notify(${OUTBOX_CHANNEL}, '')`
  }
  return r.id
}
