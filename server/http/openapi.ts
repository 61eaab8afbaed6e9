import { z } from 'zod'
import { ZApiErrorBodySchema } from '../lib/errors'
import { errorStatuses, type TErrorStatus, type TRouteContract } from './route'

/**
 * Builds the OpenAPI 3.1 document of /api from the zod schemas each route declares
 * with defineApiRoute. Nothing here is written by hand per route: a route that is
 * added, removed or changes its schema changes the document with it.
 */
export interface TRouteEntry {
  route: string
  method?: string
  contract?: TRouteContract
}

type TJson = Record<string, unknown>

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): TJson {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as TJson
  return rest
}

/** `/api/foo/:id/**` → `/api/foo/{id}/{path}` */
export function toOpenApiPath(route: string): string {
  return route.replace(/\/\*\*(:(\w+))?$/, (_m, _a, name) => `/{${name ?? 'path'}}`).replace(/:(\w+)/g, '{$1}')
}

function parameters(where: 'path' | 'query', schema: z.ZodType | undefined, pathNames: string[]) {
  const out: TJson[] = []
  const js = schema ? jsonSchema(schema, 'input') : undefined
  const props = (js?.properties ?? {}) as Record<string, TJson>
  const required = new Set((js?.required ?? []) as string[])
  for (const [name, s] of Object.entries(props)) {
    out.push({ name, in: where, required: where === 'path' || required.has(name), schema: s })
  }
  if (where === 'path') {
    for (const name of pathNames) if (!props[name]) out.push({ name, in: 'path', required: true, schema: { type: 'string' } })
  }
  return out
}

const ERROR_REF = { $ref: '#/components/schemas/Error' }

const ERROR_DESCRIPTIONS: Record<TErrorStatus, string> = {
  400: 'Invalid input (`fields` names each failing field)',
  401: 'Not signed in, or the token is not valid (`params.reason`)',
  403: 'Signed in but not allowed (`params.reason`)',
  404: 'Not found (also for what the caller may not see)',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  415: 'Body is not JSON',
  429: 'Too many attempts (`Retry-After` header, seconds)',
  503: 'A service this needs is down; try again later',
}

const TAG_DESCRIPTIONS: Record<string, string> = {
  admin: 'Operator tools; `admin` role only',
  health: 'Per-domain health probes',
  signing: 'A signing request\'s party, by the link it was sent (explorer domain)',
}

export function buildOpenApi(entries: TRouteEntry[], info: { title: string; version: string; serverUrl?: string }) {
  const paths: Record<string, Record<string, TJson>> = {}
  const missing: string[] = []
  const tags = new Set<string>()
  const sorted = [...entries].sort((a, b) => a.route.localeCompare(b.route) || (a.method ?? '').localeCompare(b.method ?? ''))
  for (const e of sorted) {
    if (!e.route.startsWith('/api/')) continue
    if (!e.contract) {
      missing.push(`${(e.method ?? 'all').toUpperCase()} ${e.route}`)
      continue
    }
    const c = e.contract
    const path = toOpenApiPath(e.route)
    const pathNames = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
    const method = (e.method ?? 'get').toLowerCase()
    const status = String(c.status ?? 200)
    const opTags = c.tags ?? [path.split('/')[2] ?? 'api']
    for (const t of opTags) tags.add(t)
    const errors: Record<string, TJson> = {}
    for (const code of errorStatuses(c)) {
      errors[String(code)] = { description: ERROR_DESCRIPTIONS[code], content: { 'application/json': { schema: ERROR_REF } } }
    }
    const op: TJson = {
      summary: c.summary,
      ...(c.description ? { description: c.description } : {}),
      tags: opTags,
      operationId: `${method}_${path.replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_|_$/g, '')}`,
      'x-access': c.access,
      // Public operations say so: no inherited requirement, no token needed.
      security: c.access === 'public' ? [] : [{ bearer: [] }],
      parameters: [...parameters('path', c.params, pathNames), ...parameters('query', c.query, [])],
      responses: {
        [status]: { description: 'OK', content: { [c.contentType ?? 'application/json']: { schema: jsonSchema(c.response, 'output') } } },
        ...errors,
      },
    }
    if (c.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(c.body, 'input') } } }
    }
    ;(paths[path] ??= {})[method] = op
  }
  return {
    document: {
      openapi: '3.1.0',
      info: {
        title: info.title,
        version: info.version,
        description: 'Generated from the zod contracts of the /api routes (server/http/route.ts).',
        license: { name: 'Proprietary', url: 'https://dogovor24.kz' },
      },
      servers: [{ url: info.serverUrl ?? '/' }],
      security: [{ bearer: [] }],
      tags: [...tags].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? `The ${name} domain` })),
      paths,
      components: {
        schemas: { Error: jsonSchema(ZApiErrorBodySchema, 'output') },
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT or d24_ API token' } },
      },
    },
    missing,
  }
}
