import { z } from 'zod'
import { defineApiRoute } from '../../http'

/**
 * The cheapest API route there is (no DB, no auth), so bench/http.ts measures the
 * framework's per-request overhead against bare h3. `i18nContext` reports whether
 * @nuxtjs/i18n built its per-request context for this API call: with our patch it
 * must not (test/e2e/i18n-request-guard.spec.ts relies on it).
 */
export default defineApiRoute(
  {
    summary: 'Cheap liveness answer for the HTTP benchmark',
    tags: ['health'],
    access: 'public',
    errors: [],
    response: z.object({ ok: z.literal(true), t: z.number(), i18nContext: z.boolean() }),
  },
  (event) => ({ ok: true as const, t: Date.now(), i18nContext: event.context.nuxtI18n != null }),
)
