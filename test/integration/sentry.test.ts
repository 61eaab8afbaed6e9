import { afterEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../../server/lib/config'
import { closeSentry, flushSentry, initSentry, reportError } from '../../server/lib/sentry'
import { startFakeSentry } from '../fakes/sentry'

/** server/lib/sentry.ts against a fake Sentry that speaks the envelope protocol. */
process.env.LOG_LEVEL = 'silent'
afterEach(() => closeSentry())

describe('error reporting', () => {
  it('sends nothing without SENTRY_DSN', async () => {
    const fake = await startFakeSentry()
    try {
      expect(await initSentry(parseConfig({ SENTRY_DSN: '' }), 'web')).toBe(false)
      expect(reportError(new Error('not sent'))).toBe(false)
      await flushSentry()
      expect(fake.envelopes).toEqual([])
    } finally {
      await fake.stop()
    }
  })

  it('with a DSN: the exception, its tags, environment and release arrive in an envelope', async () => {
    const fake = await startFakeSentry({ project: '7' })
    try {
      const cfg = parseConfig({ SENTRY_DSN: fake.dsn, SENTRY_RELEASE: 'r1', REGION: 'ru' })
      expect(await initSentry(cfg, 'worker')).toBe(true)
      expect(reportError(new TypeError('boom in a listener'), { tags: { queue: 'notification' }, extra: { jobId: 'j1' } })).toBe(true)
      await flushSentry()
      await expect.poll(() => fake.events().length, { timeout: 10_000, interval: 50 }).toBe(1)
      const e = fake.events()[0]!
      expect(e.exception?.values[0]).toMatchObject({ type: 'TypeError', value: 'boom in a listener' })
      expect(e.exception?.values[0]?.stacktrace?.frames?.length).toBeGreaterThan(0)
      expect(e.tags).toMatchObject({ process: 'worker', region: 'ru', queue: 'notification' })
      expect(e.extra).toMatchObject({ jobId: 'j1' })
      expect(e.environment).toBe('development')
      expect(e.release).toBe('r1')
      expect(fake.envelopes[0]!.header.event_id).toBe(e.event_id)
    } finally {
      await fake.stop()
    }
  })

  it('the fake refuses a DSN with another key, as Sentry does', async () => {
    const fake = await startFakeSentry()
    try {
      const wrong = fake.dsn.replace(/\/\/[^@]+@/, '//otherkey@')
      await initSentry(parseConfig({ SENTRY_DSN: wrong }), 'web')
      reportError(new Error('wrong key'))
      await flushSentry()
      await expect.poll(() => fake.refused, { timeout: 10_000, interval: 50 }).toBe(1)
      expect(fake.envelopes).toEqual([])
    } finally {
      await fake.stop()
    }
  })
})
