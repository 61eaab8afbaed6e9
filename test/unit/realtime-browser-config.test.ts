import { describe, expect, it } from 'vitest'
import { pusherClientOptions } from '../../shared/realtime'
import { parseConfig } from '../../server/lib/config'
import { browserRealtimeSettings } from '../../server/realtime/publish'

// Where the browser's pusher-js connects follows the server's PUSHER_* configuration:
// moving to Soketi or hosted Pusher moves publishing and listening together.
const page = { hostname: 'dogovor24.kz', port: '', protocol: 'https:' }
const browserFor = (env: Record<string, string>) => pusherClientOptions(browserRealtimeSettings(parseConfig(env)), page)

describe('browser realtime settings', () => {
  it('uses the page’s own host and port for the embedded endpoint', () => {
    expect(browserFor({})).toMatchObject({
      key: 'dogovor24-key',
      options: { wsHost: 'dogovor24.kz', wsPort: 443, wssPort: 443, forceTLS: true, enabledTransports: ['ws', 'wss'] },
    })
    const local = pusherClientOptions(browserRealtimeSettings(parseConfig({})), { hostname: '127.0.0.1', port: '3000', protocol: 'http:' })
    expect(local.options).toMatchObject({ wsHost: '127.0.0.1', wsPort: 3000, forceTLS: false })
  })

  it('follows PUSHER_HOST/PORT/KEY to Soketi, not the page', () => {
    const o = browserFor({ PUSHER_HOST: 'soketi.example.kz', PUSHER_PORT: '6001', PUSHER_KEY: 'soketi-key' })
    expect(o.key).toBe('soketi-key')
    expect(o.options).toMatchObject({ wsHost: 'soketi.example.kz', wsPort: 6001, wssPort: 6001, forceTLS: false })
  })

  it('lets browsers reach Soketi at another address than the server does (PUSHER_WS_*)', () => {
    const o = browserFor({ PUSHER_HOST: 'soketi.internal', PUSHER_PORT: '6001', PUSHER_WS_HOST: 'ws.dogovor24.kz', PUSHER_WS_TLS: 'true' })
    expect(o.options).toMatchObject({ wsHost: 'ws.dogovor24.kz', wsPort: 443, wssPort: 443, forceTLS: true })
  })

  it('uses the cluster for hosted Pusher (pusher-js builds ws-<cluster>.pusher.com itself)', () => {
    const o = browserFor({ PUSHER_CLUSTER: 'eu', PUSHER_KEY: 'hosted-key' })
    expect(o).toEqual({ key: 'hosted-key', options: expect.objectContaining({ cluster: 'eu', forceTLS: true }) })
    expect(o.options).not.toHaveProperty('wsHost')
  })
})
