import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildOpenApi, toOpenApiPath } from '../../server/http/openapi'

describe('OpenAPI from route contracts', () => {
  it('turns Nitro route patterns into OpenAPI paths', () => {
    expect(toOpenApiPath('/api/document/templates/:id')).toBe('/api/document/templates/{id}')
    expect(toOpenApiPath('/api/files/**:path')).toBe('/api/files/{path}')
  })

  it('describes params, query, body and response from the zod schemas', () => {
    const { document, missing } = buildOpenApi(
      [
        {
          route: '/api/things/:id',
          method: 'patch',
          contract: {
            summary: 'Rename a thing',
            access: 'user',
            params: z.object({ id: z.uuid() }),
            query: z.object({ dryRun: z.coerce.boolean().optional() }),
            body: z.object({ name: z.string().min(1) }),
            response: z.object({ id: z.string(), name: z.string() }),
            errors: [404, 409],
          },
        },
        { route: '/api/raw', method: 'get' },
        { route: '/ping', method: 'get' },
      ],
      { title: 't', version: '1' },
    )
    const op = (document.paths['/api/things/{id}'] as Record<string, any>).patch
    expect(op.summary).toBe('Rename a thing')
    expect(op.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'id', in: 'path', required: true }),
        expect.objectContaining({ name: 'dryRun', in: 'query', required: false }),
      ]),
    )
    expect(op.requestBody.content['application/json'].schema.properties.name.minLength).toBe(1)
    expect(op.responses['200'].content['application/json'].schema.required).toEqual(['id', 'name'])
    // Declared errors plus the ones the contract implies (input → 400, body → 413/415, signed-in → 401).
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '404', '409', '413', '415'])
    expect(op.responses['409'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' })
    expect(op.security).toEqual([{ bearer: [] }])
    expect(missing).toEqual(['GET /api/raw'])
    expect(document.paths['/ping']).toBeUndefined()
  })

  it('public operations need no token; servers and the Error schema are always there', () => {
    const { document } = buildOpenApi(
      [{ route: '/api/ping', method: 'get', contract: { summary: 'Ping', access: 'public', response: z.object({ ok: z.boolean() }), errors: [] } }],
      { title: 't', version: '1' },
    )
    const op = (document.paths['/api/ping'] as Record<string, any>).get
    expect(op.security).toEqual([])
    expect(Object.keys(op.responses)).toEqual(['200'])
    expect(document.servers).toEqual([{ url: '/' }])
    const error = document.components.schemas.Error as any
    expect(error.properties.error.required).toEqual(['code', 'message', 'messageKey'])
    expect(Object.keys(error.properties.error.properties).sort()).toEqual(['code', 'fields', 'message', 'messageKey', 'params'])
  })
})
