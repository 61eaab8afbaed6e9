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

  it('refuses the public development secret in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET/)
    expect(parseConfig({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40) }).NODE_ENV).toBe('production')
  })

  it('treats empty optional ids as off', () => {
    const c = parseConfig({ GTM_ID: '  ', YANDEX_METRICA_ID: '' })
    expect(c.GTM_ID).toBeUndefined()
    expect(c.YANDEX_METRICA_ID).toBeUndefined()
  })
})
