import { defineNitroPlugin } from 'nitropack/runtime'
import { useConfig } from '../lib/config'
import { closeDb } from '../lib/db'
import { useLogger } from '../lib/log'
import { closeRedis } from '../lib/redis'
import { startDraining } from '../lib/shutdown'
import { closeRealtimeApp } from '../realtime/instance'

const SIGNALS = ['SIGTERM', 'SIGINT'] as const
type TListener = (...args: unknown[]) => void

/**
 * Graceful stop of a web process. Nitro's node server has its own SIGTERM handling
 * (stop listening, wait for in-flight requests, 'close' hooks, exit 0), but it starts at
 * once and destroys upgraded sockets, so websockets died without a close code and a
 * balancer polling /ping only learnt of the stop from refused connections. Here SIGTERM:
 * 1. marks the process draining: /ping answers 503, no new realtime hub starts;
 * 2. closes every websocket with Pusher 4200 (reconnect now: pusher-js goes to another pod);
 * 3. keeps serving for SHUTDOWN_DRAIN_MS, while the balancer takes the process out;
 * 4. hands over to Nitro's handler, held back until now: it stops listening, lets
 *    in-flight requests finish (NITRO_SHUTDOWN_TIMEOUT, 30 s), runs the 'close' hooks
 *    (database and Redis closed below) and exits 0.
 */
export default defineNitroPlugin((nitroApp) => {
  if (import.meta.dev) return
  const log = useLogger('shutdown')
  const held: Partial<Record<(typeof SIGNALS)[number], TListener[]>> = {}
  let started = false

  const onSignal = (signal: (typeof SIGNALS)[number]) => {
    if (started) return
    started = true
    void (async () => {
      const drainMs = useConfig().SHUTDOWN_DRAIN_MS
      log.info('draining', { signal, drainMs })
      startDraining()
      await closeRealtimeApp().catch((e: unknown) => log.error('closing realtime failed', { err: String(e) }))
      // Long enough for the 4200 close frames to leave before Nitro destroys the sockets.
      await new Promise((r) => setTimeout(r, Math.max(drainMs, 250)))
      const next = held[signal] ?? []
      if (next.length === 0) {
        // No framework handler (another preset): finish here.
        await nitroApp.hooks.callHook('close').catch(() => {})
        process.exit(0)
      }
      for (const l of next) l(signal)
    })()
  }
  const listeners = Object.fromEntries(SIGNALS.map((s) => [s, () => onSignal(s)])) as Record<(typeof SIGNALS)[number], TListener>
  for (const s of SIGNALS) process.on(s, listeners[s])

  // The node-server entry installs Nitro's handler right after the plugins have run:
  // take it (and any other) off the signal and call it once the drain is over.
  setImmediate(() => {
    for (const s of SIGNALS) {
      held[s] = process.listeners(s).filter((l) => l !== listeners[s]) as TListener[]
      for (const l of held[s]) process.removeListener(s, l)
    }
  })

  nitroApp.hooks.hook('close', async () => {
    await Promise.all([closeDb(), closeRedis()]).catch(() => {})
  })
})
