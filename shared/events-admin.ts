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
  failedAt: z.string().nullable(),
  data: z.unknown(),
})

export const ZEventsOverviewSchema = z.object({
  queues: z.array(ZQueueCountsSchema),
  outbox: z.object({ unrelayed: z.number().int(), oldest: z.string().nullable() }),
  deadJobs: z.array(ZDeadJobSchema),
})

export type TQueueCounts = z.infer<typeof ZQueueCountsSchema>
export type TDeadJob = z.infer<typeof ZDeadJobSchema>
