import type { TBackplane } from './backplane'
import {
  channelKind,
  encodeFrame,
  errorFrame,
  LIMITS,
  MIN_PROTOCOL_VERSION,
  newSocketId,
  PusherErrorCode,
  verifySubscription,
  ZClientFrame,
  ZPresenceChannelData,
  ZSubscribeData,
  ZUnsubscribeData,
  type TBroadcast,
  type TPresenceMember,
} from './protocol'

/** What the hub needs from a websocket, whichever server library carries it. */
export interface TTransport {
  send(text: string): void
  close(code?: number, reason?: string): void
}

export interface THubOptions {
  appKey: string
  secret: string
  backplane: TBackplane
  /** Seconds announced in connection_established; pusher-js pings after that much silence. */
  activityTimeoutSeconds?: number
  /** Seconds we wait for any frame after our own pusher:ping before closing with 4201. */
  pongTimeoutSeconds?: number
  onError?: (msg: string, data: Record<string, unknown>) => void
}

export class Connection {
  readonly channels = new Map<string, { member?: TPresenceMember }>()
  lastSeen = Date.now()
  pingSent = false
  closed = false
  /** Frames of one socket are handled in order even when a subscribe waits on Redis. */
  queue: Promise<void> = Promise.resolve()
  private windowStart = 0
  private windowCount = 0

  constructor(
    readonly socketId: string,
    readonly transport: TTransport,
  ) {}

  send(text: string): void {
    if (!this.closed) this.transport.send(text)
  }

  allowClientEvent(now: number): boolean {
    if (now - this.windowStart >= 1000) {
      this.windowStart = now
      this.windowCount = 0
    }
    return ++this.windowCount <= LIMITS.clientEventsPerSecond
  }
}

export class RealtimeHub {
  private readonly connections = new Set<Connection>()
  private readonly byChannel = new Map<string, Set<Connection>>()
  private sweeper?: ReturnType<typeof setInterval>
  private readonly activityMs: number
  private readonly pongMs: number

  constructor(private readonly opts: THubOptions) {
    this.activityMs = (opts.activityTimeoutSeconds ?? 120) * 1000
    this.pongMs = (opts.pongTimeoutSeconds ?? 30) * 1000
  }

  get appKey(): string {
    return this.opts.appKey
  }

  async start(): Promise<void> {
    await this.opts.backplane.start((b) => this.deliverLocal(b))
    this.sweeper = setInterval(() => this.sweep(), Math.max(250, Math.min(this.activityMs / 4, 10_000)))
    this.sweeper.unref()
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper)
    for (const c of [...this.connections]) {
      c.transport.close(PusherErrorCode.GENERIC_RECONNECT, 'Server shutting down')
      await this.closed(c)
    }
    await this.opts.backplane.close()
  }

  /** A socket arrived at `/app/{key}?protocol=7`; refuses a wrong key or protocol as Pusher does. */
  open(transport: TTransport, url: string): Connection | undefined {
    const u = new URL(url, 'http://localhost')
    const key = decodeURIComponent(u.pathname.split('/').filter(Boolean).pop() ?? '')
    const refuse = (code: number, message: string) => {
      transport.send(errorFrame(code, message))
      transport.close(code, message)
      return undefined
    }
    if (key !== this.opts.appKey) return refuse(PusherErrorCode.APP_NOT_FOUND, `App key ${key} not in this cluster`)
    const protocolRaw = u.searchParams.get('protocol')
    if (!protocolRaw) return refuse(PusherErrorCode.NO_PROTOCOL, 'No protocol version supplied')
    const protocol = Number(protocolRaw)
    if (!Number.isInteger(protocol)) return refuse(PusherErrorCode.INVALID_VERSION, 'Invalid version string format')
    if (protocol < MIN_PROTOCOL_VERSION) return refuse(PusherErrorCode.UNSUPPORTED_PROTOCOL, `Unsupported protocol version ${protocol}`)

    const conn = new Connection(newSocketId(), transport)
    this.connections.add(conn)
    conn.send(
      encodeFrame({
        event: 'pusher:connection_established',
        data: JSON.stringify({ socket_id: conn.socketId, activity_timeout: this.activityMs / 1000 }),
      }),
    )
    return conn
  }

  message(conn: Connection, text: string): Promise<void> {
    conn.lastSeen = Date.now()
    conn.pingSent = false
    conn.queue = conn.queue.then(() => this.handle(conn, text)).catch((e: unknown) => this.report('realtime message failed', e))
    return conn.queue
  }

  closed(conn: Connection): Promise<void> {
    if (conn.closed) return conn.queue
    conn.closed = true
    this.connections.delete(conn)
    conn.queue = conn.queue
      .then(async () => {
        for (const channel of [...conn.channels.keys()]) await this.leave(conn, channel)
      })
      .catch((e: unknown) => this.report('realtime close failed', e))
    return conn.queue
  }

  /** Delivers here and on every other process; the server-side entry point for events. */
  async broadcast(b: TBroadcast): Promise<void> {
    this.deliverLocal(b)
    await this.opts.backplane.publish(b)
  }

  private deliverLocal(b: TBroadcast): void {
    for (const channel of b.channels) {
      const subs = this.byChannel.get(channel)
      if (!subs) continue
      const text = encodeFrame({ event: b.event, channel, data: b.data, ...(b.userId ? { user_id: b.userId } : {}) })
      for (const c of subs) if (c.socketId !== b.exceptSocketId) c.send(text)
    }
  }

  private async handle(conn: Connection, text: string): Promise<void> {
    let frame
    try {
      const r = ZClientFrame.safeParse(JSON.parse(text))
      if (!r.success) throw new Error('bad frame')
      frame = r.data
    } catch {
      conn.send(errorFrame(null, 'Invalid message: expected JSON {event, data, channel?}'))
      return
    }
    if (frame.event === 'pusher:ping') return conn.send(encodeFrame({ event: 'pusher:pong', data: '{}' }))
    if (frame.event === 'pusher:pong') return
    if (frame.event === 'pusher:subscribe') return this.subscribe(conn, frame.data)
    if (frame.event === 'pusher:unsubscribe') {
      const r = ZUnsubscribeData.safeParse(frame.data)
      if (r.success) await this.leave(conn, r.data.channel)
      return
    }
    if (frame.event.startsWith('client-')) return this.clientEvent(conn, frame.event, frame.channel, frame.data)
    if (frame.event === 'pusher:signin') return conn.send(errorFrame(null, 'User authentication (pusher:signin) is not supported'))
    // Other pusher:* events (e.g. watchlists, cache) are not part of what we offer: ignored, as unknown events are.
  }

  private subscriptionError(conn: Connection, channel: string, message: string, status = 401): void {
    // pusher-js surfaces a channel-scoped pusher:subscription_error to `channel.bind(...)`; hosted
    // Pusher reports the same failure as pusher:error 4009. We send both so either style of app sees it.
    conn.send(encodeFrame({ event: 'pusher:subscription_error', channel, data: JSON.stringify({ type: 'AuthError', error: message, status }) }))
    conn.send(errorFrame(PusherErrorCode.UNAUTHORIZED, message))
  }

  private async subscribe(conn: Connection, data: unknown): Promise<void> {
    const r = ZSubscribeData.safeParse(data)
    if (!r.success) return conn.send(errorFrame(null, 'Invalid pusher:subscribe: channel is missing or invalid'))
    const { channel, auth, channel_data } = r.data
    const kind = channelKind(channel)
    const { appKey, secret } = this.opts
    if (kind === 'private' && !verifySubscription(appKey, secret, conn.socketId, channel, auth)) {
      return this.subscriptionError(conn, channel, `Invalid signature for ${channel}`)
    }
    let member: TPresenceMember | undefined
    if (kind === 'presence') {
      if (!channel_data || !verifySubscription(appKey, secret, conn.socketId, channel, auth, channel_data)) {
        return this.subscriptionError(conn, channel, `Invalid signature for ${channel}`)
      }
      let parsed
      try {
        parsed = ZPresenceChannelData.safeParse(JSON.parse(channel_data))
      } catch {
        parsed = undefined
      }
      if (!parsed?.success) return this.subscriptionError(conn, channel, 'channel_data must be JSON with user_id', 400)
      member = parsed.data
    }
    if (conn.closed) return
    const already = conn.channels.has(channel)
    if (!already) {
      conn.channels.set(channel, { member })
      let subs = this.byChannel.get(channel)
      if (!subs) this.byChannel.set(channel, (subs = new Set()))
      subs.add(conn)
    }
    if (kind !== 'presence' || !member) {
      return conn.send(encodeFrame({ event: 'pusher_internal:subscription_succeeded', channel, data: '{}' }))
    }
    const { firstForUser } = already ? { firstForUser: false } : await this.opts.backplane.presenceAdd(channel, conn.socketId, member)
    const members = await this.opts.backplane.presenceMembers(channel)
    const hash: Record<string, unknown> = {}
    for (const m of members) hash[m.user_id] = m.user_info ?? null
    conn.send(
      encodeFrame({
        event: 'pusher_internal:subscription_succeeded',
        channel,
        data: JSON.stringify({ presence: { count: members.length, ids: members.map((m) => m.user_id), hash } }),
      }),
    )
    if (firstForUser) {
      await this.broadcast({
        channels: [channel],
        event: 'pusher_internal:member_added',
        data: JSON.stringify({ user_id: member.user_id, user_info: member.user_info ?? null }),
        exceptSocketId: conn.socketId,
      })
    }
  }

  private async leave(conn: Connection, channel: string): Promise<void> {
    const sub = conn.channels.get(channel)
    if (!sub) return
    conn.channels.delete(channel)
    const subs = this.byChannel.get(channel)
    subs?.delete(conn)
    if (subs && subs.size === 0) this.byChannel.delete(channel)
    if (!sub.member) return
    const { member, lastForUser } = await this.opts.backplane.presenceRemove(channel, conn.socketId)
    if (member && lastForUser) {
      await this.broadcast({
        channels: [channel],
        event: 'pusher_internal:member_removed',
        data: JSON.stringify({ user_id: member.user_id }),
        exceptSocketId: conn.socketId,
      })
    }
  }

  private async clientEvent(conn: Connection, event: string, channel: string | undefined, data: unknown): Promise<void> {
    if (!channel || !conn.channels.has(channel)) {
      return conn.send(errorFrame(null, `Client event ${event} rejected: not subscribed to ${channel ?? '(no channel)'}`))
    }
    if (channelKind(channel) === 'public') {
      return conn.send(errorFrame(null, `Client event ${event} rejected: only private and presence channels accept client events`))
    }
    if (!conn.allowClientEvent(Date.now())) {
      return conn.send(errorFrame(PusherErrorCode.CLIENT_EVENT_RATE_LIMIT, 'Client event rejected - only 10 accepted per second'))
    }
    const encoded = JSON.stringify(data ?? null)
    if (Buffer.byteLength(encoded, 'utf8') > LIMITS.dataBytesMax) {
      return conn.send(errorFrame(null, `Client event ${event} rejected: data is larger than 10KB`))
    }
    const userId = conn.channels.get(channel)?.member?.user_id
    await this.broadcast({ channels: [channel], event, data: encoded, exceptSocketId: conn.socketId, userId })
  }

  /** Pings idle sockets, then closes those that stay silent (4201: pusher-js reconnects at once). */
  private sweep(): void {
    const now = Date.now()
    for (const c of this.connections) {
      const idle = now - c.lastSeen
      if (idle > this.activityMs + this.pongMs) {
        c.transport.close(PusherErrorCode.PONG_NOT_RECEIVED, 'Pong reply not received')
        void this.closed(c)
      } else if (idle > this.activityMs && !c.pingSent) {
        c.pingSent = true
        c.send(encodeFrame({ event: 'pusher:ping', data: '{}' }))
      }
    }
  }

  private report(msg: string, e: unknown): void {
    const err = e instanceof Error ? (e.stack ?? e.message) : String(e)
    if (this.opts.onError) this.opts.onError(msg, { err })
    else process.stderr.write(`${JSON.stringify({ level: 'error', scope: 'realtime', msg, err })}\n`)
  }
}
