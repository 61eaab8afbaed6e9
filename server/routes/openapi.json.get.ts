import { defineEventHandler } from 'h3'
// Nitro's generated list of every server handler with its route and method.
import { handlers } from '#nitro-internal-virtual/server-handlers'
import { buildOpenApi, type TApiHandler, type TRouteEntry } from '../http'
import { useConfig } from '../lib/config'

type TNitroHandler = { route: string; method?: string; lazy: boolean; middleware: boolean; handler: unknown }

let cached: ReturnType<typeof buildOpenApi> | undefined

async function load(): Promise<ReturnType<typeof buildOpenApi>> {
  const entries: TRouteEntry[] = []
  for (const h of handlers as TNitroHandler[]) {
    // The JSON 404 catch-all is not an operation; /api/_* are framework assets (Nuxt Icon).
    if (h.middleware || !h.route.startsWith('/api/') || h.route.startsWith('/api/_') || h.route === '/api/**') continue
    let fn = h.handler
    if (h.lazy) fn = ((await (h.handler as () => Promise<{ default: unknown }>)()) as { default: unknown }).default
    entries.push({ route: h.route, method: h.method, contract: (fn as Partial<TApiHandler>)?.contract })
  }
  return buildOpenApi(entries, { title: 'Dogovor24 API', version: '1', serverUrl: useConfig().PUBLIC_URL })
}

/** GET /openapi.json: the API contract for the mobile app and third-party clients. */
export default defineEventHandler(async () => {
  cached ??= await load()
  return { ...cached.document, 'x-routes-without-contract': cached.missing }
})
