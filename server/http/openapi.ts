import { z } from 'zod'
import type { TRouteContract } from './route'

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

const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'messageKey'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        messageKey: { type: 'string' },
        fields: {
          type: 'array',
          items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
}

export function buildOpenApi(entries: TRouteEntry[], info: { title: string; version: string; serverUrl?: string }) {
  const paths: Record<string, Record<string, TJson>> = {}
  const missing: string[] = []
  for (const e of entries) {
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
    const op: TJson = {
      summary: c.summary,
      ...(c.description ? { description: c.description } : {}),
      tags: c.tags ?? [path.split('/')[2] ?? 'api'],
      operationId: `${method}_${path.replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_|_$/g, '')}`,
      'x-access': c.access,
      parameters: [...parameters('path', c.params, pathNames), ...parameters('query', c.query, [])],
      responses: {
        [status]: {
          description: 'OK',
          ...(c.response ? { content: { 'application/json': { schema: jsonSchema(c.response, 'output') } } } : {}),
        },
        '400': { description: 'Invalid input', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ...(c.access !== 'public'
          ? {
              '401': { description: 'Not signed in', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
              '403': { description: 'Not allowed', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
            }
          : {}),
      },
      ...(c.access !== 'public' ? { security: [{ bearer: [] }] } : {}),
    }
    if (c.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(c.body, 'input') } } }
    }
    ;(paths[path] ??= {})[method] = op
  }
  return {
    document: {
      openapi: '3.1.0',
      info: { title: info.title, version: info.version },
      ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
      paths,
      components: {
        schemas: { Error: ERROR_SCHEMA },
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT or d24_ API token' } },
      },
    },
    missing,
  }
}
