import { z } from 'zod'

// The integration outbox's API shapes, shared by the admin route (contract, OpenAPI)
// and the admin page (checked at the edge). Pure zod: safe in the browser.
export const INTEGRATION_DRIVERS = ['sandbox', 'live'] as const
export type TIntegrationDriverKind = (typeof INTEGRATION_DRIVERS)[number]

export const INTEGRATION_OUTBOX_STATUSES = ['recorded', 'sent', 'failed'] as const
export type TIntegrationOutboxStatus = (typeof INTEGRATION_OUTBOX_STATUSES)[number]

export const ZIntegrationOutboxItemSchema = z.object({
  id: z.uuid(),
  provider: z.string(),
  operation: z.string(),
  recipient: z.string().nullable(),
  payload: z.unknown(),
  status: z.enum(INTEGRATION_OUTBOX_STATUSES),
  error: z.string().nullable(),
  driver: z.enum(INTEGRATION_DRIVERS),
  createdAt: z.iso.datetime(),
})
export type TIntegrationOutboxItem = z.infer<typeof ZIntegrationOutboxItemSchema>

export const ZIntegrationOutboxPageSchema = z.object({
  items: z.array(ZIntegrationOutboxItemSchema),
  total: z.number().int().min(0),
})
export type TIntegrationOutboxPage = z.infer<typeof ZIntegrationOutboxPageSchema>

export const ZListIntegrationOutboxSchema = z.object({
  provider: z.string().trim().min(1).max(64).optional(),
  /** Part of the recipient (an email or phone), any case: "who did we write to about this". 320 is the column's length. */
  recipient: z.string().trim().min(1).max(320).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
})
export type TListIntegrationOutboxQuery = z.input<typeof ZListIntegrationOutboxSchema>
