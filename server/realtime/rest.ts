import type { H3Event } from 'h3'
import { getRequestHeader, getRequestURL, getRouterParam, setResponseHeader } from 'h3'
import type { z } from 'zod'
import { AppError } from '../lib/errors'
import { sendError } from '../lib/error-response'
import { channelAttrs, channelInfo, channelUsers, listChannels, type TInfoAttr } from './channel-info'
import type { TRealtimeApp } from './http'
import { LIMITS, ZBatchBody, ZChannelName, ZInfo, ZTriggerBody } from './protocol'
import { verifyBodyMd5, verifyRestQuery } from './signing'

/**
 * Pusher's signed HTTP API on the embedded endpoint, for the official server clients:
 * events, batch events, channel information, terminate a user's connections. A POST
 * is refused on its Content-Length and its signed query before its body is read, and
 * a signed request is accepted once: a replay, on any process, is 401.
 */
function refuse(code: 'UNAUTHENTICATED' | 'PAYLOAD_TOO_LARGE' | 'BAD_REQUEST', message: string): AppError {
  return new AppError(code, message)
}

/** Reads at most `max` bytes of the body; more is 413 (the rest is not waited for). */
async function readBounded(event: H3Event, max: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of event.node.req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > max) throw refuse('PAYLOAD_TOO_LARGE', `Request body is larger than ${max} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

function zodMessage(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')
}

/** Checks app id, size, signature, body hash and replay, in that order; answers the parsed JSON body (POST). */
async function verified(event: H3Event, app: TRealtimeApp): Promise<unknown> {
  if (getRouterParam(event, 'appId', { decode: true }) !== app.appId) throw AppError.notFound('App')
  const isPost = event.method === 'POST'
  const declared = Number(getRequestHeader(event, 'content-length') ?? 0)
  if (isPost && declared > LIMITS.restBodyBytesMax) throw refuse('PAYLOAD_TOO_LARGE', `Request body is larger than ${LIMITS.restBodyBytesMax} bytes`)
  const url = getRequestURL(event)
  const check = verifyRestQuery({ method: event.method, path: url.pathname, query: url.searchParams, key: app.key, secret: app.secret })
  if (!check.ok) throw refuse(check.status === 400 ? 'BAD_REQUEST' : 'UNAUTHENTICATED', check.message)
  if (!isPost) return undefined
  const raw = await readBounded(event, LIMITS.restBodyBytesMax)
  const md5 = verifyBodyMd5(url.searchParams, raw)
  if (!md5.ok) throw refuse('UNAUTHENTICATED', md5.message)
  // Only requests with a valid signature are remembered, so junk cannot fill Redis.
  const q = url.searchParams
  const seenKey = `${q.get('auth_key')}:${q.get('auth_timestamp')}:${q.get('auth_signature')}`
  if (!(await app.hub.backplane.firstSeen(seenKey, LIMITS.timestampSkewSeconds * 2))) {
    throw refuse('UNAUTHENTICATED', 'Replayed request: this signed request was already accepted')
  }
  try {
    return JSON.parse(raw.toString('utf8'))
  } catch {
    throw refuse('BAD_REQUEST', 'Body must be JSON')
  }
}

/** Answers the error; a refused POST whose body may still be arriving also closes the connection. */
function fail(event: H3Event, e: unknown) {
  if (event.method === 'POST' && !event.node.req.readableEnded) setResponseHeader(event, 'connection', 'close')
  return sendError(event, e)
}

function checkDataSize(data: string): void {
  if (Buffer.byteLength(data, 'utf8') > LIMITS.dataBytesMax) {
    throw refuse('PAYLOAD_TOO_LARGE', `The data content of this event exceeds the allowed maximum (${LIMITS.dataBytesMax} bytes)`)
  }
}

function parseInfo(raw: unknown): TInfoAttr[] {
  if (raw === undefined || raw === null || raw === '') return []
  const r = ZInfo.safeParse(raw)
  if (!r.success) throw refuse('BAD_REQUEST', 'info may list subscription_count and user_count')
  return r.data
}

/** POST /apps/{app_id}/events: the official server libraries' trigger (and sendToUser). */
export async function handleTriggerEvents(event: H3Event, app: TRealtimeApp) {
  try {
    const r = ZTriggerBody.safeParse(await verified(event, app))
    if (!r.success) throw refuse('BAD_REQUEST', zodMessage(r.error))
    checkDataSize(r.data.data)
    const channels = r.data.channels ?? [r.data.channel as string]
    await app.hub.broadcast({ channels, event: r.data.name, data: r.data.data, exceptSocketId: r.data.socket_id })
    if (!r.data.info?.length) return {}
    const attrs = await channelAttrs(app.hub.backplane, channels, r.data.info)
    return { channels: Object.fromEntries(channels.map((c, i) => [c, attrs[i]!])) }
  } catch (e) {
    return fail(event, e)
  }
}

/** POST /apps/{app_id}/batch_events: up to 10 events in one call. */
export async function handleTriggerBatch(event: H3Event, app: TRealtimeApp) {
  try {
    const r = ZBatchBody.safeParse(await verified(event, app))
    if (!r.success) throw refuse('BAD_REQUEST', zodMessage(r.error))
    for (const e of r.data.batch) checkDataSize(e.data)
    for (const e of r.data.batch) {
      await app.hub.broadcast({ channels: [e.channel], event: e.name, data: e.data, exceptSocketId: e.socket_id })
    }
    const batch = await Promise.all(r.data.batch.map(async (e) => (e.info?.length ? (await channelAttrs(app.hub.backplane, [e.channel], e.info))[0]! : {})))
    return { batch }
  } catch (e) {
    return fail(event, e)
  }
}

function channelParam(event: H3Event): string {
  const r = ZChannelName.safeParse(getRouterParam(event, 'channelName', { decode: true }))
  if (!r.success) throw refuse('BAD_REQUEST', 'Invalid channel name')
  return r.data
}

/** GET /apps/{app_id}/channels?filter_by_prefix=&info=user_count */
export async function handleChannels(event: H3Event, app: TRealtimeApp) {
  try {
    await verified(event, app)
    const q = getRequestURL(event).searchParams
    return await listChannels(app.hub.backplane, q.get('filter_by_prefix') ?? '', parseInfo(q.get('info') ?? undefined))
  } catch (e) {
    return fail(event, e)
  }
}

/** GET /apps/{app_id}/channels/{channel_name}?info=user_count,subscription_count */
export async function handleChannel(event: H3Event, app: TRealtimeApp) {
  try {
    await verified(event, app)
    return await channelInfo(app.hub.backplane, channelParam(event), parseInfo(getRequestURL(event).searchParams.get('info') ?? undefined))
  } catch (e) {
    return fail(event, e)
  }
}

/** GET /apps/{app_id}/channels/{channel_name}/users */
export async function handleChannelUsers(event: H3Event, app: TRealtimeApp) {
  try {
    await verified(event, app)
    return await channelUsers(app.hub.backplane, channelParam(event))
  } catch (e) {
    return fail(event, e)
  }
}

/** POST /apps/{app_id}/users/{user_id}/terminate_connections */
export async function handleTerminateUser(event: H3Event, app: TRealtimeApp) {
  try {
    await verified(event, app)
    const userId = getRouterParam(event, 'userId', { decode: true })
    if (!userId || userId.length > 128) throw refuse('BAD_REQUEST', 'Invalid user id')
    await app.hub.terminateUser(userId)
    return {}
  } catch (e) {
    return fail(event, e)
  }
}
