import { ZEventsOverviewSchema } from '#shared/events-admin'

export type { TDeadJob, TQueueCounts, TUnhandledView } from '#shared/events-admin'

// The answer is checked at the edge with the route's own schema, so a drifting
// contract shows up as a visible error instead of an empty or broken table.
/** GET /api/admin/events: jobs per queue, the outbox backlog, relayed events still missing a receipt, the latest dead jobs. */
export function useEventsOverview() {
  return useFetch('/api/admin/events', {
    query: { deadLimit: 50 },
    headers: useApiHeaders(),
    server: false,
    lazy: true,
    transform: (raw: unknown) => ZEventsOverviewSchema.parse(raw),
  })
}
