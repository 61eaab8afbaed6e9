import { describe, expect, it } from 'vitest'
import { describePlace } from '../../server/domains/auth/place'

describe('describePlace (offline country table)', () => {
  it.each([
    // Public resolvers and carriers whose country is long settled.
    ['8.8.8.8', 'US'],
    ['77.88.8.8', 'RU'],
    ['2.132.10.10', 'KZ'],
    ['::ffff:8.8.8.8', 'US'],
    ['2a00:1450:4001:800::200e', 'DE'],
  ])('%s is in %s', async (ip, country) => {
    expect(await describePlace(ip)).toEqual({ local: false, country })
  })

  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.5', '100.64.3.4', 'fd12:3456::1', 'fe80::1'])(
    '%s is the local network',
    async (ip) => {
      expect(await describePlace(ip)).toEqual({ local: true, country: null })
    },
  )

  it('says nothing of a missing or malformed address', async () => {
    expect(await describePlace(null)).toBeNull()
    expect(await describePlace('not-an-ip')).toBeNull()
    expect(await describePlace('999.1.1.1')).toBeNull()
  })
})
