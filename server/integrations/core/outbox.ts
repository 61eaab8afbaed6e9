import { useDb, type Prisma, type TDb } from '../../lib/db'
import {
  ZListIntegrationOutboxSchema,
  type TIntegrationDriverKind,
  type TIntegrationOutboxPage,
  type TIntegrationOutboxStatus,
  type TListIntegrationOutboxQuery,
} from '../../../shared/integration-outbox'

/**
 * The integration outbox: one row per call to an external provider. The sandbox
 * driver's row is the whole delivery (status `recorded`); the live client's row
 * says what happened (`sent` or `failed` with the error), so administrators can
 * see every message the platform sent or would have sent.
 */
export interface TOutboxRecord {
  provider: string
  operation: string
  recipient?: string
  /** `{ input, result }`: what we asked the provider to do and what it answered. */
  payload: Prisma.InputJsonValue
  status: TIntegrationOutboxStatus
  error?: string
  driver: TIntegrationDriverKind
  /** What the call delivers (e.g. `event:<id>`), so a retry can tell it was already made (wasDelivered). */
  ref?: string
}

/** Errors can quote whole server answers; a row keeps enough to act on. */
const MAX_ERROR = 2000

export async function recordIntegrationCall(rec: TOutboxRecord, db: TDb = useDb()): Promise<string> {
  const row = await db.integrationOutbox.create({
    data: {
      provider: rec.provider,
      operation: rec.operation,
      recipient: rec.recipient?.slice(0, 320) ?? null,
      payload: rec.payload,
      status: rec.status,
      error: rec.error?.slice(0, MAX_ERROR) ?? null,
      driver: rec.driver,
      ref: rec.ref?.slice(0, 128) ?? null,
    },
    select: { id: true },
  })
  return row.id
}

/**
 * Whether a call with this ref already reached the provider (sent, or recorded by the
 * sandbox). A worker retrying a delivery asks first, so a message goes out once even
 * when the transaction around it rolled back after the send.
 */
export async function wasDelivered(ref: string, db: TDb = useDb()): Promise<boolean> {
  const row = await db.integrationOutbox.findFirst({ where: { ref, status: { in: ['sent', 'recorded'] } }, select: { id: true } })
  return row !== null
}

/** Newest first, optionally one provider's rows. */
export async function listIntegrationOutbox(
  query: TListIntegrationOutboxQuery,
  db: TDb = useDb(),
): Promise<TIntegrationOutboxPage> {
  const q = ZListIntegrationOutboxSchema.parse(query)
  // A recipient is matched as a part, any case: an admin types "aliya@" or the last digits of a phone.
  // An admin page over a bounded page size: a scan here is acceptable, no trigram index is kept for it.
  const where = {
    ...(q.provider ? { provider: q.provider } : {}),
    ...(q.recipient ? { recipient: { contains: q.recipient, mode: 'insensitive' as const } } : {}),
  }
  const [rows, total] = await Promise.all([
    db.integrationOutbox.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { seq: 'desc' }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
    db.integrationOutbox.count({ where }),
  ])
  return {
    items: rows.map((r) => ({
      id: r.id,
      provider: r.provider,
      operation: r.operation,
      recipient: r.recipient,
      payload: r.payload,
      status: r.status,
      error: r.error,
      driver: r.driver,
      createdAt: r.createdAt.toISOString(),
    })),
    total,
  }
}
