import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import wsAdapter from 'crossws/adapters/node'
import { createApp, createRouter, defineEventHandler, defineWebSocketHandler, toNodeListener, type EventHandler } from 'h3'
import { handleTriggerBatch, handleTriggerEvents, realtimeWebSocketHooks, type TRealtimeApp } from '../../server/realtime/http'

export interface TRoutes {
  socket: EventHandler
  events: EventHandler
  batch: EventHandler
  auth?: EventHandler
}

/** The routes a Nitro server mounts, bound to an explicit hub (a second "process" in tests). */
export function routesFor(app: TRealtimeApp): TRoutes {
  const get = async () => app
  return {
    socket: defineWebSocketHandler(realtimeWebSocketHooks(get)),
    events: defineEventHandler((e) => handleTriggerEvents(e, app)),
    batch: defineEventHandler((e) => handleTriggerBatch(e, app)),
  }
}

/**
 * A plain node HTTP server carrying the routes the way Nitro's node preset does:
 * h3 app + router, crossws node adapter on `upgrade`.
 */
export async function startRealtimeServer(routes: TRoutes): Promise<{ port: number; server: Server; close: () => Promise<void> }> {
  const app = createApp()
  const router = createRouter()
  router.use('/app/:key', routes.socket)
  router.post('/apps/:appId/events', routes.events)
  router.post('/apps/:appId/batch_events', routes.batch)
  if (routes.auth) router.post('/api/realtime/auth', routes.auth)
  app.use(router)
  const server = createServer(toNodeListener(app))
  const ws = wsAdapter(app.websocket)
  server.on('upgrade', (req, socket, head) => void ws.handleUpgrade(req, socket, head))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    server,
    close: async () => {
      ws.closeAll(1001, 'test over')
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
