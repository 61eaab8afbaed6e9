import type { NodeOptions } from 'crossws/adapters/node'
import { defineNitroPlugin } from 'nitropack/runtime'
import { useConfig } from '../lib/config'
import { browserRealtimeSettings } from '../realtime/publish'
import { websocketServerOptions } from '../realtime/http'
import { closeRealtimeApp } from '../realtime/instance'

/**
 * Realtime set-up at start:
 * - the websocket server refuses frames above REALTIME_MAX_MESSAGE_BYTES (the ws
 *   default, 100 MiB, let one socket make the process buffer that much); Nitro's node
 *   server builds it from the app's websocket options after the plugins have run;
 * - the browser's pusher-js settings are derived from PUSHER_*: Nuxt reads
 *   NUXT_PUBLIC_* from the environment into the public runtime config of each page, so
 *   one set of variables moves publishing and listening together;
 * - the hub leaves its channels (presence, occupancy) cleanly on shutdown.
 */
export default defineNitroPlugin((nitroApp) => {
  const cfg = useConfig()
  const options = nitroApp.h3App.options
  // The node preset hands these options to crossws's node adapter, which passes serverOptions to ws.
  const ws: NodeOptions = { ...options.websocket }
  options.websocket = { ...ws, serverOptions: { ...ws.serverOptions, ...websocketServerOptions(cfg.REALTIME_MAX_MESSAGE_BYTES) } } as NodeOptions

  const browser = browserRealtimeSettings(cfg)
  process.env.NUXT_PUBLIC_PUSHER_KEY = browser.key
  process.env.NUXT_PUBLIC_PUSHER_CLUSTER = browser.cluster
  process.env.NUXT_PUBLIC_PUSHER_HOST = browser.host
  process.env.NUXT_PUBLIC_PUSHER_PORT = String(browser.port)
  process.env.NUXT_PUBLIC_PUSHER_TLS = String(browser.tls)

  nitroApp.hooks.hook('close', () => closeRealtimeApp())
})
