import { z } from 'zod'

// The admin events API's answer, checked at the edge like the outbox page's.
export const ZQueueCountsSchema = z.object({
  queue: z.string(),
  waiting: z.number().int(),
  active: z.number().int(),
  delayed: z.number().int(),
  failed: z.number().int(),
  completed: z.number().int(),
})
export const ZDeadJobSchema = z.object({
  queue: z.string(),
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

/** GET /api/admin/events: jobs per queue, the outbox backlog, the latest dead jobs. */
export function useEventsOverview() {
  return useFetch('/api/admin/events', {
    query: { deadLimit: 50 },
    headers: useApiHeaders(),
    server: false,
    lazy: true,
    transform: (raw: unknown) => ZEventsOverviewSchema.parse(raw),
  })
}
