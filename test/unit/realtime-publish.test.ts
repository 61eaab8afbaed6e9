import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../server/lib/config'
import { createPusherClient } from '../../server/realtime/publish'

// Where the official client sends events is configuration only.
const target = (env: Record<string, string>) => {
  const c = createPusherClient(parseConfig({ PORT: '3100', ...env })) as unknown as { config: { host: string; port?: string; scheme: string } }
  return { host: c.config.host, port: c.config.port, scheme: c.config.scheme }
}

describe('realtime publish target', () => {
  it('defaults to the endpoint embedded in this server', () => {
    expect(target({})).toEqual({ host: '127.0.0.1', port: '3100', scheme: 'http' })
  })
  it('goes to Soketi with PUSHER_HOST/PORT', () => {
    expect(target({ PUSHER_HOST: 'soketi.internal', PUSHER_PORT: '6001' })).toEqual({ host: 'soketi.internal', port: '6001', scheme: 'http' })
  })
  it('goes to hosted Pusher with PUSHER_CLUSTER and TLS', () => {
    expect(target({ PUSHER_CLUSTER: 'eu', PUSHER_USE_TLS: 'true' })).toEqual({ host: 'api-eu.pusher.com', port: undefined, scheme: 'https' })
  })
})
