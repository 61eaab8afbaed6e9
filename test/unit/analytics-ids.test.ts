import { describe, expect, it } from 'vitest'
import { isGtmId, isMetricaId, parseSentryDsn, sentryEnvelope } from '../../utils/analytics-ids'
import { parseEnvelope } from '../fakes/sentry'

describe('analytics ids', () => {
  it('accepts only the documented id shapes (they end up inside a script)', () => {
    expect(isGtmId('GTM-ABC123')).toBe(true)
    expect(isGtmId('GTM-1";alert(1)//')).toBe(false)
    expect(isGtmId('')).toBe(false)
    expect(isMetricaId('12345678')).toBe(true)
    expect(isMetricaId('1234abc')).toBe(false)
  })

  it('turns a Sentry DSN into its envelope endpoint', () => {
    expect(parseSentryDsn('https://abc123@o1.ingest.sentry.io/42')).toEqual({
      envelopeUrl: 'https://o1.ingest.sentry.io/api/42/envelope/?sentry_key=abc123&sentry_version=7',
      publicKey: 'abc123',
      projectId: '42',
    })
    expect(parseSentryDsn('http://key@sentry.local:9000/sub/path/7')?.envelopeUrl).toBe(
      'http://sentry.local:9000/sub/path/api/7/envelope/?sentry_key=key&sentry_version=7',
    )
  })

  it('rejects what is not a DSN', () => {
    expect(parseSentryDsn('')).toBeNull()
    expect(parseSentryDsn('https://o1.ingest.sentry.io/42')).toBeNull()
    expect(parseSentryDsn('https://key@host/not-a-number')).toBeNull()
    expect(parseSentryDsn('javascript:alert(1)')).toBeNull()
  })

  it('wraps an event in an envelope Sentry can split', () => {
    const event = { event_id: 'a'.repeat(32), level: 'error', exception: { values: [{ type: 'Error', value: 'x\ny' }] } }
    const parsed = parseEnvelope(Buffer.from(sentryEnvelope(event)))
    expect(parsed.header.event_id).toBe(event.event_id)
    expect(parsed.items).toEqual([{ header: { type: 'event' }, payload: event }])
  })
})
