import { z } from 'zod'
import { defineApiRoute } from '../../../http'
import { listDeadJobs, outboxBacklog, queueCounts, unhandledEvents } from '../../../events'
import { ZEventsOverviewSchema } from '../../../../shared/events-admin'
import { useConfig } from '../../../lib/config'

export default defineApiRoute(
  {
    summary:
      'Event backbone (admin): jobs per queue, the outbox backlog, relayed events still missing a receipt, and the latest dead jobs with their errors',
    tags: ['admin', 'events'],
    access: 'admin',
    query: z.object({ deadLimit: z.coerce.number().int().min(1).max(100).default(20) }),
    errors: [],
    response: ZEventsOverviewSchema,
  },
  async (_event, { query }) => {
    const [queues, backlog, unhandled, deadJobs] = await Promise.all([
      queueCounts(),
      outboxBacklog(),
      unhandledEvents(),
      listDeadJobs({ limit: query.deadLimit }),
    ])
    return {
      queues,
      outbox: { unrelayed: backlog.unrelayed, oldest: backlog.oldest?.toISOString() ?? null },
      unhandled: {
        ...unhandled,
        oldest: unhandled.oldest?.toISOString() ?? null,
        redeliverAfterMs: useConfig().EVENTS_REDELIVER_AFTER_MS,
        listeners: unhandled.listeners.map((l) => ({ ...l, oldest: l.oldest.toISOString() })),
        events: unhandled.events.map((e) => ({ ...e, publishedAt: e.publishedAt.toISOString(), relayedAt: e.relayedAt.toISOString() })),
      },
      deadJobs,
    }
  },
)
