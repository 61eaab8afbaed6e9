import { z } from 'zod'
import { ALL_QUEUES } from './queue-names'

/**
 * The answer of GET /api/admin/events, shared by the route (response contract,
 * OpenAPI) and the admin page (checked at the edge). Pure zod: safe in the browser.
 */
const ZQueueName = z.enum(ALL_QUEUES)

export const ZQueueCountsSchema = z.object({
  queue: ZQueueName,
  waiting: z.number().int(),
  active: z.number().int(),
  delayed: z.number().int(),
  failed: z.number().int(),
  completed: z.number().int(),
})

export const ZDeadJobSchema = z.object({
  queue: ZQueueName,
  jobId: z.string(),
  name: z.string(),
  eventId: z.string().optional(),
  error: z.string(),
  stack: z.array(z.string()),
  attempts: z.number().int(),
  failedAt: z.iso.datetime().nullable(),
  data: z.unknown(),
})

/** Relayed events some routed listener has not committed a receipt for (server/events/sweep.ts). */
export const ZUnhandledSchema = z.object({
  count: z.number().int(),
  oldest: z.iso.datetime().nullable(),
  oldestAgeS: z.number().int().nullable(),
  redelivered: z.number().int(),
  /** The sweep re-sends an event missing a receipt this long after it was sent to Redis. */
  redeliverAfterMs: z.number().int(),
  listeners: z.array(
    z.object({ listener: z.string(), count: z.number().int(), oldest: z.iso.datetime(), maxRedeliveries: z.number().int() }),
  ),
  events: z.array(
    z.object({
      eventId: z.string(),
      name: z.string(),
      publishedAt: z.iso.datetime(),
      relayedAt: z.iso.datetime(),
      redeliveries: z.number().int(),
      missing: z.array(z.string()),
    }),
  ),
})

export const ZEventsOverviewSchema = z.object({
  queues: z.array(ZQueueCountsSchema),
  outbox: z.object({ unrelayed: z.number().int(), oldest: z.iso.datetime().nullable() }),
  unhandled: ZUnhandledSchema,
  deadJobs: z.array(ZDeadJobSchema),
})

export type TQueueCounts = z.infer<typeof ZQueueCountsSchema>
export type TDeadJob = z.infer<typeof ZDeadJobSchema>
export type TUnhandledView = z.infer<typeof ZUnhandledSchema>
