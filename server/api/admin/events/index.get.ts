import { z } from 'zod'
import { defineApiRoute, requireRole } from '../../../http'
import { listDeadJobs, outboxBacklog, queueCounts } from '../../../events'
import { ZEventsOverviewSchema } from '../../../../shared/events-admin'

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
