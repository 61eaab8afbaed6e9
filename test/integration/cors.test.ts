import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, createRouter, toNodeListener } from 'h3'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { resetConfigForTests, useConfig } from '../../server/lib/config'
import cors from '../../server/middleware/cors'
import ping from '../../server/api/bench/ping.get'

/** CORS_ORIGINS through the real middleware, in front of a real route. */
const ALLOWED = 'https://app.dogovor24.kz'
let server: Server
let base: string
const saved = process.env.CORS_ORIGINS

beforeAll(async () => {
  const app = createApp().use(cors).use(createRouter().get('/api/bench/ping', ping))
  server = createServer(toNodeListener(app))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()))
})
afterEach(() => {
  if (saved === undefined) delete process.env.CORS_ORIGINS
  else process.env.CORS_ORIGINS = saved
  resetConfigForTests()
})

function origins(value: string | undefined) {
  if (value === undefined) delete process.env.CORS_ORIGINS
  else process.env.CORS_ORIGINS = value
  resetConfigForTests()
}

const preflight = (origin: string) =>
  fetch(`${base}/api/bench/ping`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  })

describe('CORS', () => {
  it('is off by default: no CORS header for anyone', async () => {
    origins(undefined)
    expect(useConfig().CORS_ORIGINS).toEqual([])
    const res = await fetch(`${base}/api/bench/ping`, { headers: { origin: ALLOWED } })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect((await preflight(ALLOWED)).headers.get('access-control-allow-origin')).toBeNull()
  })

  it('answers a listed origin’s preflight 204 with methods, headers, max-age and credentials', async () => {
    origins(`https://other.example, ${ALLOWED}/`)
    const res = await preflight(ALLOWED)
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization')
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0)
    expect(res.headers.get('vary')).toContain('Origin')

    const get = await fetch(`${base}/api/bench/ping`, { headers: { origin: ALLOWED } })
    expect(get.status).toBe(200)
    expect(get.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect(get.headers.get('access-control-allow-credentials')).toBe('true')
  })

  it('gives an origin that is not listed no CORS header (and no credentials)', async () => {
    origins(ALLOWED)
    for (const origin of ['https://evil.example', 'https://app.dogovor24.kz.evil.example', 'null']) {
      const pre = await preflight(origin)
      expect(pre.status).not.toBe(204)
      expect(pre.headers.get('access-control-allow-origin')).toBeNull()
      expect(pre.headers.get('access-control-allow-credentials')).toBeNull()
      const get = await fetch(`${base}/api/bench/ping`, { headers: { origin } })
      expect(get.headers.get('access-control-allow-origin')).toBeNull()
      expect(get.headers.get('access-control-allow-credentials')).toBeNull()
    }
  })

  it('refuses a CORS_ORIGINS entry that is not an origin', () => {
    origins('not a url')
    expect(() => useConfig()).toThrow(/CORS_ORIGINS/)
  })
})
