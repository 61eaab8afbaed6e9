import { describe, expect, it } from 'vitest'
import { metricsAccess, metricsAnswer } from '../../server/lib/metrics'

const TOKEN = 'a-metrics-token-of-32-characters'

describe('who may read /metrics', () => {
  it('with METRICS_TOKEN: only its bearer, in every environment', () => {
    for (const NODE_ENV of ['production', 'development', 'test'] as const) {
      const cfg = { NODE_ENV, METRICS_TOKEN: TOKEN }
      expect(metricsAccess(`Bearer ${TOKEN}`, cfg)).toBe('ok')
      expect(metricsAccess(`bearer ${TOKEN}`, cfg)).toBe('ok')
      expect(metricsAccess(undefined, cfg)).toBe('unauthorized')
      expect(metricsAccess('', cfg)).toBe('unauthorized')
      expect(metricsAccess(TOKEN, cfg)).toBe('unauthorized')
      expect(metricsAccess(`Bearer ${TOKEN}x`, cfg)).toBe('unauthorized')
      expect(metricsAccess(`Bearer ${TOKEN.slice(0, -1)}`, cfg)).toBe('unauthorized')
      expect(metricsAccess(`Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, cfg)).toBe('unauthorized')
    }
  })

  it('without METRICS_TOKEN: off in production, open in development and tests', () => {
    expect(metricsAccess(undefined, { NODE_ENV: 'production', METRICS_TOKEN: undefined })).toBe('off')
    expect(metricsAccess(`Bearer ${TOKEN}`, { NODE_ENV: 'production', METRICS_TOKEN: undefined })).toBe('off')
    expect(metricsAccess(undefined, { NODE_ENV: 'development', METRICS_TOKEN: undefined })).toBe('ok')
  })

  it('answers 404, 401 with a Bearer challenge, or the Prometheus text', async () => {
    expect((await metricsAnswer(undefined, { NODE_ENV: 'production', METRICS_TOKEN: undefined })).status).toBe(404)
    const refused = await metricsAnswer(undefined, { NODE_ENV: 'production', METRICS_TOKEN: TOKEN })
    expect(refused.status).toBe(401)
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer/)
    const ok = await metricsAnswer(`Bearer ${TOKEN}`, { NODE_ENV: 'production', METRICS_TOKEN: TOKEN })
    expect(ok.status).toBe(200)
    expect(ok.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    expect(ok.body).toMatch(/^# HELP process_cpu_user_seconds_total/m)
  })
})
