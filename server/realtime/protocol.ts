import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'

/**
 * Pusher Channels protocol v7, the parts our embedded endpoint speaks. The wire
 * format is JSON frames `{event, channel?, data}` where the server always sends
 * `data` as a JSON-encoded string (pusher-js decodes it a second time).
 */
export const PROTOCOL_VERSION = 7
/** Lowest protocol the server accepts; pusher-js 8 sends 7. */
export const MIN_PROTOCOL_VERSION = 5

/**
 * Close/error codes (Pusher's ranges decide what pusher-js does next:
 * 4000-4099 do not reconnect, 4100-4199 reconnect with backoff, 4200-4299 reconnect now,
 * 4300-4399 other errors).
 */
export const PusherErrorCode = {
  APP_NOT_FOUND: 4001,
  PATH_NOT_FOUND: 4005,
  INVALID_VERSION: 4006,
  UNSUPPORTED_PROTOCOL: 4007,
  NO_PROTOCOL: 4008,
  UNAUTHORIZED: 4009,
  OVER_CAPACITY: 4100,
  GENERIC_RECONNECT: 4200,
  PONG_NOT_RECEIVED: 4201,
  CLOSED_AFTER_INACTIVITY: 4202,
  CLIENT_EVENT_RATE_LIMIT: 4301,
} as const

export const LIMITS = {
  channelNameMax: 200,
  eventNameMax: 200,
  /** Pusher's default message size limit. */
  dataBytesMax: 10 * 1024,
  channelsPerTrigger: 100,
  eventsPerBatch: 10,
  clientEventsPerSecond: 10,
  /** REST requests older or newer than this are refused (replay window). */
  timestampSkewSeconds: 600,
} as const

const CHANNEL_RE = /^[A-Za-z0-9_\-=@,.;]+$/

export const ZChannelName = z.string().min(1).max(LIMITS.channelNameMax).regex(CHANNEL_RE, 'invalid channel name')
export const ZEventName = z.string().min(1).max(LIMITS.eventNameMax)

export type TChannelKind = 'public' | 'private' | 'presence'

export function channelKind(channel: string): TChannelKind {
  if (channel.startsWith('presence-')) return 'presence'
  if (channel.startsWith('private-')) return 'private'
  return 'public'
}

/** Frames sent by clients. `data` is an object for pusher:* events and anything for client-* events. */
export const ZClientFrame = z.object({
  event: z.string().min(1).max(LIMITS.eventNameMax),
  channel: z.string().optional(),
  data: z.unknown().optional(),
})

export const ZSubscribeData = z.object({
  channel: ZChannelName,
  auth: z.string().optional(),
  channel_data: z.string().optional(),
})

export const ZUnsubscribeData = z.object({ channel: ZChannelName })

/** Presence `channel_data`: which user this socket is, and public info about them. */
export const ZPresenceChannelData = z.object({
  user_id: z.union([z.string().min(1).max(128), z.number()]).transform(String),
  user_info: z.unknown().optional(),
})
export type TPresenceMember = { user_id: string; user_info?: unknown }

export interface TServerFrame {
  event: string
  channel?: string
  /** Already JSON-encoded, as Pusher does. */
  data: string
  user_id?: string
}

export function encodeFrame(frame: TServerFrame): string {
  return JSON.stringify(frame)
}

export function errorFrame(code: number | null, message: string): string {
  return encodeFrame({ event: 'pusher:error', data: JSON.stringify({ code, message }) })
}

/** Pusher socket ids look like `123.456`; the official server client validates that shape. */
export function newSocketId(): string {
  return `${randomInt(1, 2 ** 47)}.${randomInt(1, 2 ** 47)}`
}

export function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex')
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8')
  const bb = Buffer.from(b, 'utf8')
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}

/** The `auth` value a client sends with pusher:subscribe for a private/presence channel. */
export function signSubscription(key: string, secret: string, socketId: string, channel: string, channelData?: string): string {
  const text = channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`
  return `${key}:${hmacHex(secret, text)}`
}

export function verifySubscription(
  key: string,
  secret: string,
  socketId: string,
  channel: string,
  auth: string | undefined,
  channelData?: string,
): boolean {
  if (!auth) return false
  return safeEqual(auth, signSubscription(key, secret, socketId, channel, channelData))
}

export type TRestCheck = { ok: true } | { ok: false; status: 401 | 400; message: string }

/**
 * Verifies a signed REST request as the official server libraries sign it:
 * keys sorted, `key=value` joined by `&` (values not re-encoded), signature over
 * "METHOD\nPATH\nQUERY" without auth_signature, md5 of the raw body.
 */
export function verifyRestRequest(input: {
  method: string
  path: string
  query: URLSearchParams
  rawBody: Buffer | string | undefined
  key: string
  secret: string
  nowSeconds?: number
}): TRestCheck {
  const q = input.query
  const signature = q.get('auth_signature')
  if (!signature || !q.get('auth_key') || !q.get('auth_timestamp')) {
    return { ok: false, status: 401, message: 'Missing auth_key, auth_timestamp or auth_signature' }
  }
  if (q.get('auth_key') !== input.key) return { ok: false, status: 401, message: 'Unknown auth_key' }
  if (q.get('auth_version') !== '1.0') return { ok: false, status: 401, message: 'auth_version must be 1.0' }
  const ts = Number(q.get('auth_timestamp'))
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000)
  if (!Number.isFinite(ts) || Math.abs(now - ts) > LIMITS.timestampSkewSeconds) {
    return { ok: false, status: 401, message: `Timestamp expired: given ${q.get('auth_timestamp')}, now ${now}` }
  }
  const body = input.rawBody === undefined ? '' : input.rawBody
  if (body.length > 0) {
    const md5 = createHash('md5').update(body).digest('hex')
    if (q.get('body_md5') !== md5) return { ok: false, status: 401, message: 'body_md5 does not match the body' }
  }
  const pairs: [string, string][] = []
  for (const [k, v] of q) if (k !== 'auth_signature') pairs.push([k.toLowerCase(), v])
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const toSign = `${input.method.toUpperCase()}\n${input.path}\n${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`
  if (!safeEqual(signature, hmacHex(input.secret, toSign))) {
    return { ok: false, status: 401, message: 'Invalid signature' }
  }
  return { ok: true }
}

const ZData = z.string().refine((s) => Buffer.byteLength(s, 'utf8') <= LIMITS.dataBytesMax, 'data is larger than 10KB')

/** POST /apps/{app_id}/events body. */
export const ZTriggerBody = z
  .object({
    name: ZEventName,
    data: ZData,
    channels: z.array(ZChannelName).min(1).max(LIMITS.channelsPerTrigger).optional(),
    channel: ZChannelName.optional(),
    socket_id: z.string().regex(/^\d+\.\d+$/).optional(),
    info: z.string().optional(),
  })
  .refine((b) => (b.channels ? 1 : 0) + (b.channel ? 1 : 0) === 1, 'give exactly one of channels or channel')

/** POST /apps/{app_id}/batch_events body. */
export const ZBatchBody = z.object({
  batch: z
    .array(
      z.object({
        name: ZEventName,
        data: ZData,
        channel: ZChannelName,
        socket_id: z.string().regex(/^\d+\.\d+$/).optional(),
        info: z.string().optional(),
      }),
    )
    .min(1)
    .max(LIMITS.eventsPerBatch),
})

/** One event to deliver to every socket subscribed to any of `channels`. */
export interface TBroadcast {
  channels: string[]
  event: string
  data: string
  /** The socket that caused it does not get it back (Pusher's `socket_id` exclusion). */
  exceptSocketId?: string
  userId?: string
}
