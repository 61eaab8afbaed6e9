import { z } from 'zod'
import { useDb, type Prisma, type TDb } from '../../lib/db'

/**
 * The integration outbox: one row per call to an external provider. The sandbox
 * driver's row is the whole delivery (status `recorded`); the live client's row
 * says what happened (`sent` or `failed` with the error), so administrators can
 * see every message the platform sent or would have sent.
 */
export const INTEGRATION_DRIVERS = ['sandbox', 'live'] as const
export type TIntegrationDriverKind = (typeof INTEGRATION_DRIVERS)[number]

export const INTEGRATION_OUTBOX_STATUSES = ['recorded', 'sent', 'failed'] as const
export type TIntegrationOutboxStatus = (typeof INTEGRATION_OUTBOX_STATUSES)[number]

export interface TOutboxRecord {
  provider: string
  operation: string
  recipient?: string
  /** `{ input, result }`: what we asked the provider to do and what it answered. */
  payload: Prisma.InputJsonValue
  status: TIntegrationOutboxStatus
  error?: string
  driver: TIntegrationDriverKind
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
    },
    select: { id: true },
  })
  return row.id
}

export const ZIntegrationOutboxItemSchema = z.object({
  id: z.uuid(),
  provider: z.string(),
  operation: z.string(),
  recipient: z.string().nullable(),
  payload: z.unknown(),
  status: z.enum(INTEGRATION_OUTBOX_STATUSES),
  error: z.string().nullable(),
  driver: z.enum(INTEGRATION_DRIVERS),
  createdAt: z.string(),
})
export type TIntegrationOutboxItem = z.infer<typeof ZIntegrationOutboxItemSchema>

export const ZIntegrationOutboxPageSchema = z.object({
  items: z.array(ZIntegrationOutboxItemSchema),
  total: z.number().int().min(0),
})
export type TIntegrationOutboxPage = z.infer<typeof ZIntegrationOutboxPageSchema>

export const ZListIntegrationOutboxSchema = z.object({
  provider: z.string().trim().min(1).max(64).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
})
export type TListIntegrationOutboxQuery = z.input<typeof ZListIntegrationOutboxSchema>

/** Newest first, optionally one provider's rows. */
export async function listIntegrationOutbox(
  query: TListIntegrationOutboxQuery,
  db: TDb = useDb(),
): Promise<TIntegrationOutboxPage> {
  const q = ZListIntegrationOutboxSchema.parse(query)
  const where = q.provider ? { provider: q.provider } : {}
  const [rows, total] = await Promise.all([
    db.integrationOutbox.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
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
