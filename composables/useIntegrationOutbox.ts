import { z } from 'zod'

// The admin outbox API's answer, checked at the edge so a drifting contract shows
// up as a visible error instead of an empty or broken table.
export const ZOutboxItemSchema = z.object({
  id: z.string(),
  provider: z.string(),
  operation: z.string(),
  recipient: z.string().nullable().optional(),
  payload: z.unknown(),
  status: z.string(),
  error: z.string().nullable().optional(),
  driver: z.string(),
  createdAt: z.string(),
})
export const ZOutboxPageSchema = z.object({ items: z.array(ZOutboxItemSchema), total: z.number().int().nonnegative() })
export type TOutboxItem = z.infer<typeof ZOutboxItemSchema>

/** GET /api/admin/integrations/outbox, paged and filtered by provider. */
export function useIntegrationOutbox(opts: { page: Ref<number>; pageSize: number; provider: Ref<string> }) {
  const query = computed(() => ({
    page: opts.page.value,
    pageSize: opts.pageSize,
    ...(opts.provider.value ? { provider: opts.provider.value } : {}),
  }))
  return useFetch('/api/admin/integrations/outbox', {
    query,
    // The route is admin-only: send the bearer token (and workspace) like every API call.
    headers: useApiHeaders(),
    // Admin data is per-session and not for SEO: load it in the browser, show a loading state.
    server: false,
    lazy: true,
    transform: (raw: unknown) => ZOutboxPageSchema.parse(raw),
  })
}
