import type { TBackplane, TBackplaneMessage } from './backplane'
import { Connection, type TTransport } from './connection'
import {
  DEFAULT_LIMITS,
  encodeFrame,
  errorFrame,
  LIMITS,
  MIN_PROTOCOL_VERSION,
  newSocketId,
  PusherErrorCode,
  SERVER_TO_USER_PREFIX,
  channelKind,
  ZClientFrame,
  ZSigninData,
  ZUnsubscribeData,
  ZUserData,
  type TBroadcast,
  type TRealtimeLimits,
} from './protocol'
import { verifyUserSignin } from './signing'
import { Subscriptions } from './subscriptions'
import { noWebhooks, type TWebhookSink } from './webhooks'

export { Connection, type TTransport } from './connection'

export interface THubOptions {
  appKey: string
  secret: string
  backplane: TBackplane
  limits?: Partial<TRealtimeLimits>
  /** Relay client-* events between sockets (Pusher's and Soketi's default: off). */
  clientEvents?: boolean
  webhooks?: TWebhookSink
  /** Seconds announced in connection_established; pusher-js pings after that much silence. */
  activityTimeoutSeconds?: number
  /** Seconds we wait for any frame after our own pusher:ping before closing with 4201. */
  pongTimeoutSeconds?: number
  onError?: (msg: string, data: Record<string, unknown>) => void
}

/**
 * The embedded Pusher endpoint of one process: sockets, their channels and users,
 * delivery here and (through the backplane) on every other process.
 */
export class RealtimeHub {
  readonly limits: TRealtimeLimits
  private readonly connections = new Set<Connection>()
  private readonly perIp = new Map<string, number>()
  private readonly byUser = new Map<string, Set<Connection>>()
  private readonly subs: Subscriptions
  private readonly webhooks: TWebhookSink
  private sweeper?: ReturnType<typeof setInterval>
  private readonly activityMs: number
  private readonly pongMs: number

  constructor(private readonly opts: THubOptions) {
    this.activityMs = (opts.activityTimeoutSeconds ?? 120) * 1000
    this.pongMs = (opts.pongTimeoutSeconds ?? 30) * 1000
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits }
    this.webhooks = opts.webhooks ?? noWebhooks
    this.subs = new Subscriptions({
      appKey: opts.appKey,
      secret: opts.secret,
      backplane: opts.backplane,
      webhooks: this.webhooks,
      maxPerConnection: this.limits.maxSubscriptionsPerConnection,
      broadcast: (b) => this.broadcast(b),
    })
  }

  get appKey(): string {
    return this.opts.appKey
  }

  /** Channel counts, presence members and replay memory, shared by every process. */
  get backplane(): TBackplane {
    return this.opts.backplane
  }

  /** Open websocket connections of this process (read by /metrics). */
  get connectionCount(): number {
    return this.connections.size
  }

  async start(): Promise<void> {
    await this.opts.backplane.start({
      onRemote: (m) => this.onRemote(m),
      onVacated: (channels) => channels.forEach((channel) => this.webhooks.send({ name: 'channel_vacated', channel })),
    })
    this.sweeper = setInterval(() => this.sweep(), Math.max(250, Math.min(this.activityMs / 4, 10_000)))
    this.sweeper.unref()
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper)
    for (const c of [...this.connections]) {
      c.transport.close(PusherErrorCode.GENERIC_RECONNECT, 'Server shutting down')
      await this.closed(c)
    }
    await this.webhooks.close()
    await this.opts.backplane.close()
  }

  /** A socket arrived at `/app/{key}?protocol=7` from `ip`; refuses a wrong key or protocol, or one socket too many, as Pusher does. */
  open(transport: TTransport, url: string, ip = 'unknown'): Connection | undefined {
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
    const fromIp = this.perIp.get(ip) ?? 0
    // 4100: pusher-js backs off and tries again later, by which time a place may be free.
    if (fromIp >= this.limits.maxConnectionsPerIp) return refuse(PusherErrorCode.OVER_CAPACITY, 'Over capacity: too many connections from this address')
    this.perIp.set(ip, fromIp + 1)

    const conn = new Connection(newSocketId(), transport, ip)
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
    const left = (this.perIp.get(conn.ip) ?? 1) - 1
    if (left > 0) this.perIp.set(conn.ip, left)
    else this.perIp.delete(conn.ip)
    if (conn.userId) this.forgetUser(conn)
    conn.queue = conn.queue
      .then(async () => {
        for (const channel of [...conn.channels.keys()]) await this.subs.leave(conn, channel)
      })
      .catch((e: unknown) => this.report('realtime close failed', e))
    return conn.queue
  }

  /** Delivers here and on every other process; the server-side entry point for events. */
  async broadcast(b: TBroadcast): Promise<void> {
    this.deliverLocal(b)
    await this.opts.backplane.publish({ kind: 'event', broadcast: b })
  }

  /** Closes every socket signed in as `userId`, on every process (REST terminate_connections). */
  async terminateUser(userId: string): Promise<void> {
    this.terminateLocal(userId)
    await this.opts.backplane.publish({ kind: 'terminate', userId })
  }

  private onRemote(m: TBackplaneMessage): void {
    if (m.kind === 'event') this.deliverLocal(m.broadcast)
    else this.terminateLocal(m.userId)
  }

  private terminateLocal(userId: string): void {
    for (const c of [...(this.byUser.get(userId) ?? [])]) {
      c.send(errorFrame(PusherErrorCode.UNAUTHORIZED, 'Connection terminated by the server'))
      c.transport.close(PusherErrorCode.UNAUTHORIZED, 'Connection terminated by the server')
      void this.closed(c)
    }
  }

  private deliverLocal(b: TBroadcast): void {
    for (const channel of b.channels) {
      const subs = this.subs.byChannel.get(channel)
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
    if (frame.event === 'pusher:subscribe') return this.subs.subscribe(conn, frame.data)
    if (frame.event === 'pusher:unsubscribe') {
      const r = ZUnsubscribeData.safeParse(frame.data)
      if (r.success) await this.subs.leave(conn, r.data.channel)
      return
    }
    if (frame.event === 'pusher:signin') return this.signin(conn, frame.data)
    if (frame.event.startsWith('client-')) return this.clientEvent(conn, frame.event, frame.channel, frame.data)
    // Other pusher:* events (e.g. watchlists, cache) are not part of what we offer: ignored, as unknown events are.
  }

  /** pusher:signin: binds the socket to a user, whose #server-to-user- events it then receives. */
  private async signin(conn: Connection, data: unknown): Promise<void> {
    const r = ZSigninData.safeParse(data)
    const refuse = (message: string) => conn.send(errorFrame(PusherErrorCode.UNAUTHORIZED, message))
    if (!r.success) return refuse('Invalid pusher:signin: auth and user_data are required')
    if (!verifyUserSignin(this.opts.appKey, this.opts.secret, conn.socketId, r.data.user_data, r.data.auth)) {
      return refuse('Invalid signature for pusher:signin')
    }
    let user
    try {
      user = ZUserData.safeParse(JSON.parse(r.data.user_data))
    } catch {
      user = undefined
    }
    if (!user?.success) return refuse('user_data must be JSON with a string id')
    if (conn.userId && conn.userId !== user.data.id) {
      await this.subs.leave(conn, SERVER_TO_USER_PREFIX + conn.userId)
      this.forgetUser(conn)
    }
    conn.userId = user.data.id
    let set = this.byUser.get(conn.userId)
    if (!set) this.byUser.set(conn.userId, (set = new Set()))
    set.add(conn)
    conn.send(encodeFrame({ event: 'pusher:signin_success', data: JSON.stringify({ user_data: r.data.user_data }) }))
  }

  private forgetUser(conn: Connection): void {
    const set = conn.userId ? this.byUser.get(conn.userId) : undefined
    set?.delete(conn)
    if (set?.size === 0) this.byUser.delete(conn.userId!)
  }

  private async clientEvent(conn: Connection, event: string, channel: string | undefined, data: unknown): Promise<void> {
    const reject = (why: string) => conn.send(errorFrame(PusherErrorCode.CLIENT_EVENT_REJECTED, `Client event ${event} rejected: ${why}`))
    if (!this.opts.clientEvents) return reject('client events are not enabled for this app')
    if (!channel || !conn.channels.has(channel)) return reject(`not subscribed to ${channel ?? '(no channel)'}`)
    const kind = channelKind(channel)
    if (kind !== 'private' && kind !== 'presence') return reject('only private and presence channels accept client events')
    if (!conn.allowClientEvent(Date.now())) return reject(`only ${LIMITS.clientEventsPerSecond} accepted per second`)
    const encoded = JSON.stringify(data ?? null)
    if (Buffer.byteLength(encoded, 'utf8') > LIMITS.dataBytesMax) return reject('data is larger than 10KB')
    const userId = conn.channels.get(channel)?.member?.user_id
    await this.broadcast({ channels: [channel], event, data: encoded, exceptSocketId: conn.socketId, userId })
    this.webhooks.send({ name: 'client_event', channel, event, data: encoded, socket_id: conn.socketId, ...(userId ? { user_id: userId } : {}) })
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
