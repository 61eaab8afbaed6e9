import { ZIntegrationOutboxPageSchema } from '#shared/integration-outbox'

export type { TIntegrationOutboxItem as TOutboxItem } from '#shared/integration-outbox'

// The answer is checked at the edge with the route's own schema, so a drifting
// contract shows up as a visible error instead of an empty or broken table.
/** GET /api/admin/integrations/outbox, paged and filtered by provider and recipient. */
export function useIntegrationOutbox(opts: { page: Ref<number>; pageSize: number; provider: Ref<string>; recipient?: Ref<string> }) {
  const query = computed(() => ({
    page: opts.page.value,
    pageSize: opts.pageSize,
    ...(opts.provider.value ? { provider: opts.provider.value } : {}),
    ...(opts.recipient?.value ? { recipient: opts.recipient.value } : {}),
  }))
  return useFetch('/api/admin/integrations/outbox', {
    query,
    // The route is admin-only: send the bearer token (and workspace) like every API call.
    headers: useApiHeaders(),
    // Admin data is per-session and not for SEO: load it in the browser, show a loading state.
    server: false,
    lazy: true,
    transform: (raw: unknown) => ZIntegrationOutboxPageSchema.parse(raw),
  })
}
