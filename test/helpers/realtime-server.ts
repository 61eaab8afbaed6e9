import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import wsAdapter from 'crossws/adapters/node'
import { createApp, createRouter, defineEventHandler, defineWebSocketHandler, toNodeListener, type EventHandler } from 'h3'
import { useConfig } from '../../server/lib/config'
import { realtimeWebSocketHooks, websocketServerOptions, type TRealtimeApp } from '../../server/realtime/http'
import {
  handleChannel,
  handleChannelUsers,
  handleChannels,
  handleTerminateUser,
  handleTriggerBatch,
  handleTriggerEvents,
} from '../../server/realtime/rest'
import socketRoute from '../../server/routes/app/[key]'
import batchRoute from '../../server/routes/apps/[appId]/batch_events.post'
import channelRoute from '../../server/routes/apps/[appId]/channels/[channelName]/index.get'
import usersRoute from '../../server/routes/apps/[appId]/channels/[channelName]/users.get'
import channelsRoute from '../../server/routes/apps/[appId]/channels/index.get'
import eventsRoute from '../../server/routes/apps/[appId]/events.post'
import terminateRoute from '../../server/routes/apps/[appId]/users/[userId]/terminate_connections.post'

export interface TRoutes {
  socket: EventHandler
  events: EventHandler
  batch: EventHandler
  channels: EventHandler
  channel: EventHandler
  users: EventHandler
  terminate: EventHandler
  auth?: EventHandler
  userAuth?: EventHandler
}

/** The Nitro route files themselves (their hub is the process-wide one, built from the config). */
export function routeFilesApp(): TRoutes {
  return {
    socket: socketRoute,
    events: eventsRoute,
    batch: batchRoute,
    channels: channelsRoute,
    channel: channelRoute,
    users: usersRoute,
    terminate: terminateRoute,
  }
}

/** The same handlers bound to an explicit hub (a second "process", or a stand-in for Soketi). */
export function routesFor(app: TRealtimeApp): TRoutes {
  const get = async () => app
  return {
    socket: defineWebSocketHandler(realtimeWebSocketHooks(get)),
    events: defineEventHandler((e) => handleTriggerEvents(e, app)),
    batch: defineEventHandler((e) => handleTriggerBatch(e, app)),
    channels: defineEventHandler((e) => handleChannels(e, app)),
    channel: defineEventHandler((e) => handleChannel(e, app)),
    users: defineEventHandler((e) => handleChannelUsers(e, app)),
    terminate: defineEventHandler((e) => handleTerminateUser(e, app)),
  }
}

/**
 * A plain node HTTP server carrying the routes the way Nitro's node preset does:
 * h3 app + router, crossws node adapter on `upgrade` with the configured frame limit
 * (server/plugins/realtime.ts does the same for the built server).
 */
export async function startRealtimeServer(
  routes: TRoutes,
  opts: { maxMessageBytes?: number } = {},
): Promise<{ port: number; server: Server; close: () => Promise<void> }> {
  const app = createApp()
  const router = createRouter()
  router.use('/app/:key', routes.socket)
  router.post('/apps/:appId/events', routes.events)
  router.post('/apps/:appId/batch_events', routes.batch)
  router.get('/apps/:appId/channels', routes.channels)
  router.get('/apps/:appId/channels/:channelName', routes.channel)
  router.get('/apps/:appId/channels/:channelName/users', routes.users)
  router.post('/apps/:appId/users/:userId/terminate_connections', routes.terminate)
  if (routes.auth) router.post('/api/realtime/auth', routes.auth)
  if (routes.userAuth) router.post('/api/realtime/user-auth', routes.userAuth)
  app.use(router)
  const server = createServer(toNodeListener(app))
  const maxPayload = opts.maxMessageBytes ?? useConfig().REALTIME_MAX_MESSAGE_BYTES
  const ws = wsAdapter({ ...app.websocket, serverOptions: websocketServerOptions(maxPayload) })
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
