import { z } from 'zod'
import type { TDomainModule } from '../domains/define'
import { defineApiRoute } from './route'
import { setResponseStatus } from 'h3'

const ZDomainPingSchema = z.object({
  domain: z.string(),
  status: z.enum(['ok', 'down']),
  db: z.enum(['ok', 'down']),
  publishes: z.array(z.string()),
  subscribes: z.array(z.string()),
})

/** GET /api/<domain>/ping: the probe the seed's per-service health checks call. */
export function definePingRoute(domain: TDomainModule) {
  return defineApiRoute(
    {
      summary: `Health of the ${domain.name} domain`,
      tags: [domain.name, 'health'],
      access: 'public',
      response: ZDomainPingSchema,
      // A domain that is down answers 503 with this same body, not an error.
      errors: [],
    },
    async (event) => {
      const result = await domain.ping()
      if (result.status !== 'ok') setResponseStatus(event, 503)
      return result
    },
  )
}
