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
    expect(op.responses['401']).toBeDefined()
    expect(missing).toEqual(['GET /api/raw'])
    expect(document.paths['/ping']).toBeUndefined()
  })
})
