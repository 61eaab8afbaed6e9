import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../../server/lib/config'

describe('config', () => {
  it('fills defaults for a development machine', () => {
    const c = parseConfig({})
    expect(c.REGION).toBe('kz')
    expect(c.PORT).toBe(3000)
    expect(c.DATABASE_URL).toMatch(/^postgresql:\/\//)
    expect(c.SENTRY_DSN).toBeUndefined()
  })

  it('coerces numbers and booleans from strings', () => {
    const c = parseConfig({ PORT: '8080', PUSHER_USE_TLS: 'true', UPLOAD_MAX_BYTES: '1024' })
    expect(c.PORT).toBe(8080)
    expect(c.PUSHER_USE_TLS).toBe(true)
    expect(c.UPLOAD_MAX_BYTES).toBe(1024)
  })

  it('names every bad variable at once', () => {
    let err: unknown
    try {
      parseConfig({ PORT: 'abc', REGION: 'uz', DATABASE_URL: 'mysql://x' })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    const problems = (err as ConfigError).problems.join('\n')
    expect(problems).toMatch(/^PORT:/m)
    expect(problems).toMatch(/^REGION:/m)
    expect(problems).toMatch(/^DATABASE_URL: must be a postgresql:\/\/ URL/m)
    expect((err as Error).message).toContain('.env.example')
  })

  it('refuses the public development secrets in production', () => {
    const pusher = { PUSHER_SECRET: 'p'.repeat(32), HISTORY_CHECKPOINT_SECRET: 'h'.repeat(40) }
    expect(() => parseConfig({ NODE_ENV: 'production', ...pusher })).toThrow(/AUTH_SECRET/)
    expect(parseConfig({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40), ...pusher }).NODE_ENV).toBe('production')
  })

  it('refuses the public audit checkpoint secret in production (anyone could forge a checkpoint with it)', () => {
    const others = { NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40), PUSHER_SECRET: 'p'.repeat(32) }
    expect(() => parseConfig(others)).toThrow(/HISTORY_CHECKPOINT_SECRET/)
    expect(() => parseConfig({ ...others, HISTORY_CHECKPOINT_SECRET: 'short' })).toThrow(/HISTORY_CHECKPOINT_SECRET/)
    expect(parseConfig({ ...others, HISTORY_CHECKPOINT_SECRET: 'v'.repeat(32) }).HISTORY_CHECKPOINT_SECRET).toBe('v'.repeat(32))
    expect(parseConfig({}).HISTORY_CHECKPOINT_SECRET.length).toBeGreaterThanOrEqual(32)
  })

  it('wants a converter token in production when the conversion route is on', () => {
    const prod = { NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40), PUSHER_SECRET: 'p'.repeat(32), HISTORY_CHECKPOINT_SECRET: 'h'.repeat(40) }
    expect(parseConfig(prod).CONVERTER_PORT).toBe(0)
    expect(() => parseConfig({ ...prod, CONVERTER_PORT: '6789' })).toThrow(/CONVERTER_TOKEN/)
    expect(() => parseConfig({ ...prod, CONVERTER_PORT: '6789', CONVERTER_TOKEN: 'short' })).toThrow(/CONVERTER_TOKEN/)
    expect(parseConfig({ ...prod, CONVERTER_PORT: '6789', CONVERTER_TOKEN: 't'.repeat(24) }).CONVERTER_PORT).toBe(6789)
    expect(parseConfig({ CONVERTER_PORT: '6789' }).CONVERTER_TOKEN).toBeUndefined()
  })

  it('refuses a public realtime secret in production (anyone could sign channels and push events with it)', () => {
    const auth = { NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40), HISTORY_CHECKPOINT_SECRET: 'h'.repeat(40) }
    expect(() => parseConfig(auth)).toThrow(/PUSHER_SECRET/)
    // The value .env.example used to carry is as public as the default.
    expect(() => parseConfig({ ...auth, PUSHER_SECRET: 'dogovor24-secret' })).toThrow(/PUSHER_SECRET/)
    expect(parseConfig({ ...auth, PUSHER_SECRET: 'a-real-secret-from-the-vault' }).PUSHER_SECRET).toBe('a-real-secret-from-the-vault')
    // Development keeps working without one.
    expect(parseConfig({}).PUSHER_SECRET.length).toBeGreaterThanOrEqual(8)
  })

  it('reads the realtime limits and switches with safe defaults', () => {
    const c = parseConfig({})
    expect(c.REALTIME_CLIENT_EVENTS).toBe(false)
    expect(c.REALTIME_MAX_MESSAGE_BYTES).toBeLessThanOrEqual(1024 * 1024)
    expect(c.REALTIME_MAX_SUBSCRIPTIONS).toBeGreaterThan(0)
    expect(c.REALTIME_MAX_CONNECTIONS_PER_IP).toBeGreaterThan(0)
    expect(c.REALTIME_WEBHOOK_URL).toBeUndefined()
    const set = parseConfig({ REALTIME_CLIENT_EVENTS: 'true', REALTIME_MAX_SUBSCRIPTIONS: '10', REALTIME_WEBHOOK_URL: 'https://hooks.example.kz/pusher' })
    expect(set.REALTIME_CLIENT_EVENTS).toBe(true)
    expect(set.REALTIME_MAX_SUBSCRIPTIONS).toBe(10)
    expect(set.REALTIME_WEBHOOK_URL).toBe('https://hooks.example.kz/pusher')
    expect(() => parseConfig({ REALTIME_WEBHOOK_URL: 'not a url' })).toThrow(/REALTIME_WEBHOOK_URL/)
  })

  it('METRICS_TOKEN: off when empty, refused when too short to be a secret', () => {
    expect(parseConfig({ METRICS_TOKEN: '' }).METRICS_TOKEN).toBeUndefined()
    expect(parseConfig({ METRICS_TOKEN: 'x'.repeat(16) }).METRICS_TOKEN).toBe('x'.repeat(16))
    expect(() => parseConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/)
  })

  it('treats empty optional ids as off', () => {
    const c = parseConfig({ GTM_ID: '  ', YANDEX_METRICA_ID: '' })
    expect(c.GTM_ID).toBeUndefined()
    expect(c.YANDEX_METRICA_ID).toBeUndefined()
  })
})
