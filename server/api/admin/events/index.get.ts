import { z } from 'zod'
import { requireRole } from '../../../domains/auth'
import { listDeadJobs, outboxBacklog, queueCounts } from '../../../events'
import { ALL_QUEUES } from '../../../events/queues'
import { defineApiRoute } from '../../../lib/http'

const ZQueueName = z.enum(ALL_QUEUES as [string, ...string[]])

const ZEventsOverviewSchema = z.object({
  queues: z.array(
    z.object({
      queue: ZQueueName,
      waiting: z.number().int(),
      active: z.number().int(),
      delayed: z.number().int(),
      failed: z.number().int(),
      completed: z.number().int(),
    }),
  ),
  outbox: z.object({ unrelayed: z.number().int(), oldest: z.string().nullable() }),
  deadJobs: z.array(
    z.object({
      queue: ZQueueName,
      jobId: z.string(),
      name: z.string(),
      eventId: z.string().optional(),
      error: z.string(),
      stack: z.array(z.string()),
      attempts: z.number().int(),
      failedAt: z.string().nullable(),
      data: z.unknown(),
    }),
  ),
})

export default defineApiRoute(
  {
    summary: 'Event backbone (admin): jobs per queue, the outbox backlog and the latest dead jobs with their errors',
    tags: ['admin', 'events'],
    access: 'admin',
    query: z.object({ deadLimit: z.coerce.number().int().min(1).max(100).default(20) }),
    response: ZEventsOverviewSchema,
  },
  async (event, { query }) => {
    await requireRole(event, 'admin')
    const [queues, backlog, deadJobs] = await Promise.all([queueCounts(), outboxBacklog(), listDeadJobs({ limit: query.deadLimit })])
    return {
      queues,
      outbox: { unrelayed: backlog.unrelayed, oldest: backlog.oldest?.toISOString() ?? null },
      deadJobs,
    }
  },
)
