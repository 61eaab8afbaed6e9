import type { Hooks, Peer } from 'crossws'
import type { H3Event } from 'h3'
import { getRequestURL, getRouterParam, readRawBody } from 'h3'
import type { z } from 'zod'
import { AppError } from '../lib/errors'
import { sendError } from '../lib/error-response'
import type { Connection, RealtimeHub } from './hub'
import { verifyRestRequest, ZBatchBody, ZTriggerBody, type TBroadcast } from './protocol'

/**
 * The glue between the framework-agnostic hub and h3/crossws. The Nitro route
 * files and the integration tests both mount exactly these functions.
 */
export interface TRealtimeApp {
  hub: RealtimeHub
  appId: string
  key: string
  secret: string
}

type TGetApp = () => Promise<TRealtimeApp>

/** crossws hooks for `/app/{key}`: one hub connection per websocket peer. */
export function realtimeWebSocketHooks(getApp: TGetApp): Partial<Hooks> {
  const conns = new WeakMap<Peer, Promise<Connection | undefined>>()
  return {
    open(peer) {
      const pending = getApp().then(({ hub }) =>
        hub.open({ send: (text) => void peer.send(text), close: (code, reason) => peer.close(code, reason) }, peer.request.url),
      )
      conns.set(peer, pending)
      return pending.then(() => undefined)
    },
    async message(peer, message) {
      const conn = await conns.get(peer)
      if (!conn) return
      const { hub } = await getApp()
      await hub.message(conn, message.text())
    },
    async close(peer) {
      const conn = await conns.get(peer)
      conns.delete(peer)
      if (!conn) return
      const { hub } = await getApp()
      await hub.closed(conn)
    },
  }
}

function zodMessage(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')
}

async function verified(event: H3Event, app: TRealtimeApp): Promise<unknown> {
  if (getRouterParam(event, 'appId', { decode: true }) !== app.appId) throw AppError.notFound('App')
  const raw = await readRawBody(event, false)
  const url = getRequestURL(event)
  const check = verifyRestRequest({
    method: event.method,
    path: url.pathname,
    query: url.searchParams,
    rawBody: raw,
    key: app.key,
    secret: app.secret,
  })
  if (!check.ok) throw new AppError(check.status === 400 ? 'BAD_REQUEST' : 'UNAUTHENTICATED', check.message)
  try {
    return JSON.parse(raw ? raw.toString('utf8') : '')
  } catch {
    throw new AppError('BAD_REQUEST', 'Body must be JSON')
  }
}

/** POST /apps/{app_id}/events: the official server libraries' trigger. */
export async function handleTriggerEvents(event: H3Event, app: TRealtimeApp) {
  try {
    const r = ZTriggerBody.safeParse(await verified(event, app))
    if (!r.success) throw new AppError('BAD_REQUEST', zodMessage(r.error))
    const b: TBroadcast = {
      channels: r.data.channels ?? [r.data.channel as string],
      event: r.data.name,
      data: r.data.data,
      exceptSocketId: r.data.socket_id,
    }
    await app.hub.broadcast(b)
    return {}
  } catch (e) {
    return sendError(event, e)
  }
}

/** POST /apps/{app_id}/batch_events: up to 10 events in one call. */
export async function handleTriggerBatch(event: H3Event, app: TRealtimeApp) {
  try {
    const r = ZBatchBody.safeParse(await verified(event, app))
    if (!r.success) throw new AppError('BAD_REQUEST', zodMessage(r.error))
    for (const e of r.data.batch) {
      await app.hub.broadcast({ channels: [e.channel], event: e.name, data: e.data, exceptSocketId: e.socket_id })
    }
    return { batch: r.data.batch.map(() => ({})) }
  } catch (e) {
    return sendError(event, e)
  }
}
