import { randomInt } from 'node:crypto'
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
  /** Refused signature (subscription, sign-in); also how terminate_connections closes a user's sockets. */
  UNAUTHORIZED: 4009,
  OVER_CAPACITY: 4100,
  GENERIC_RECONNECT: 4200,
  PONG_NOT_RECEIVED: 4201,
  CLOSED_AFTER_INACTIVITY: 4202,
  /** Client event refused: rate, size, or client events not enabled (Soketi uses the same code). */
  CLIENT_EVENT_REJECTED: 4301,
} as const

/** The WebSocket standard's "message too big": sent by the ws server itself above maxPayload. */
export const CLOSE_MESSAGE_TOO_BIG = 1009

/** Pusher's fixed protocol limits (the configurable ones are in TRealtimeLimits). */
export const LIMITS = {
  channelNameMax: 200,
  eventNameMax: 200,
  /** Pusher's default message size limit; more is 413 on the events API. */
  dataBytesMax: 10 * 1024,
  channelsPerTrigger: 100,
  eventsPerBatch: 10,
  clientEventsPerSecond: 10,
  /** A batch of 10 events of 10 KB each, channel names and JSON around them. */
  restBodyBytesMax: 256 * 1024,
  /** REST requests older or newer than this are refused (replay window). */
  timestampSkewSeconds: 600,
} as const

/** What an operator may tune per deployment (REALTIME_* variables). */
export interface TRealtimeLimits {
  maxMessageBytes: number
  maxSubscriptionsPerConnection: number
  maxConnectionsPerIp: number
}

export const DEFAULT_LIMITS: TRealtimeLimits = { maxMessageBytes: 64 * 1024, maxSubscriptionsPerConnection: 100, maxConnectionsPerIp: 200 }

const CHANNEL_RE = /^#?[A-Za-z0-9_\-=@,.;]+$/
export const SERVER_TO_USER_PREFIX = '#server-to-user-'

export const ZChannelName = z.string().min(1).max(LIMITS.channelNameMax).regex(CHANNEL_RE, 'invalid channel name')
export const ZEventName = z.string().min(1).max(LIMITS.eventNameMax)
/** Events the server API may send: the pusher: and pusher_internal: names belong to the protocol itself. */
export const ZServerEventName = ZEventName.refine((n) => !/^pusher(_internal)?:/.test(n), 'pusher: and pusher_internal: event names are reserved')

export type TChannelKind = 'public' | 'private' | 'presence' | 'user' | 'reserved'

export function channelKind(channel: string): TChannelKind {
  if (channel.startsWith('presence-')) return 'presence'
  if (channel.startsWith('private-')) return 'private'
  if (channel.startsWith(SERVER_TO_USER_PREFIX)) return 'user'
  if (channel.startsWith('#')) return 'reserved'
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

export const ZSigninData = z.object({ auth: z.string().max(400), user_data: z.string().max(LIMITS.dataBytesMax) })
/** `user_data` of pusher:signin: the user's id is required, the rest (user_info, watchlist) is carried along. */
export const ZUserData = z.looseObject({ id: z.string().min(1).max(128) })

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

const ZSocketId = z.string().regex(/^\d+\.\d+$/)
/** Attributes `info=` may ask for on trigger and on the channel endpoints. */
export const ZInfo = z
  .string()
  .max(100)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.enum(['subscription_count', 'user_count'])))

/** POST /apps/{app_id}/events body. Data size is checked apart: Pusher answers 413 to it. */
export const ZTriggerBody = z
  .object({
    name: ZServerEventName,
    data: z.string(),
    channels: z.array(ZChannelName).min(1).max(LIMITS.channelsPerTrigger).optional(),
    channel: ZChannelName.optional(),
    socket_id: ZSocketId.optional(),
    info: ZInfo.optional(),
  })
  .refine((b) => (b.channels ? 1 : 0) + (b.channel ? 1 : 0) === 1, 'give exactly one of channels or channel')

/** POST /apps/{app_id}/batch_events body. */
export const ZBatchBody = z.object({
  batch: z
    .array(z.object({ name: ZServerEventName, data: z.string(), channel: ZChannelName, socket_id: ZSocketId.optional(), info: ZInfo.optional() }))
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
