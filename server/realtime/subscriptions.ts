import type { TBackplane } from './backplane'
import type { Connection } from './connection'
import {
  channelKind,
  encodeFrame,
  errorFrame,
  PusherErrorCode,
  SERVER_TO_USER_PREFIX,
  ZPresenceChannelData,
  ZSubscribeData,
  type TBroadcast,
  type TPresenceMember,
} from './protocol'
import { verifySubscription } from './signing'
import type { TWebhookSink } from './webhooks'

export interface TSubscriptionContext {
  appKey: string
  secret: string
  backplane: TBackplane
  webhooks: TWebhookSink
  maxPerConnection: number
  broadcast(b: TBroadcast): Promise<void>
}

/**
 * Who is subscribed to what on this process, and the rules of joining: signatures
 * for private and presence channels, sign-in for #server-to-user- channels, the cap
 * per socket. Occupancy and presence go through the backplane, so member and
 * occupied/vacated events fire once across all processes.
 */
export class Subscriptions {
  readonly byChannel = new Map<string, Set<Connection>>()

  constructor(private readonly ctx: TSubscriptionContext) {}

  private refuse(conn: Connection, channel: string, type: string, message: string, status: number): void {
    // pusher-js surfaces a channel-scoped pusher:subscription_error to `channel.bind(...)`; hosted
    // Pusher reports a bad signature as pusher:error 4009. Auth failures get both, so either style sees it.
    conn.send(encodeFrame({ event: 'pusher:subscription_error', channel, data: JSON.stringify({ type, error: message, status }) }))
    if (type === 'AuthError') conn.send(errorFrame(PusherErrorCode.UNAUTHORIZED, message))
  }

  /** The member a presence subscription carries, or a refusal already sent (undefined). */
  private presenceMember(conn: Connection, channel: string, auth?: string, channelData?: string): TPresenceMember | undefined {
    const { appKey, secret } = this.ctx
    if (!channelData || !verifySubscription(appKey, secret, conn.socketId, channel, auth, channelData)) {
      this.refuse(conn, channel, 'AuthError', `Invalid signature for ${channel}`, 401)
      return undefined
    }
    try {
      const parsed = ZPresenceChannelData.safeParse(JSON.parse(channelData))
      if (parsed.success) return parsed.data
    } catch {
      // reported below
    }
    this.refuse(conn, channel, 'AuthError', 'channel_data must be JSON with user_id', 400)
    return undefined
  }

  async subscribe(conn: Connection, data: unknown): Promise<void> {
    const r = ZSubscribeData.safeParse(data)
    if (!r.success) return conn.send(errorFrame(null, 'Invalid pusher:subscribe: channel is missing or invalid'))
    const { channel, auth, channel_data } = r.data
    const kind = channelKind(channel)
    const already = conn.channels.has(channel)
    if (!already && conn.channels.size >= this.ctx.maxPerConnection) {
      return this.refuse(conn, channel, 'LimitReached', `A connection may subscribe to ${this.ctx.maxPerConnection} channels at most`, 429)
    }
    if (kind === 'reserved') return this.refuse(conn, channel, 'AuthError', `${channel} is reserved`, 403)
    if (kind === 'user' && (!conn.userId || channel !== SERVER_TO_USER_PREFIX + conn.userId)) {
      return this.refuse(conn, channel, 'AuthError', `Sign in as this user (pusher:signin) to receive ${channel}`, 403)
    }
    if (kind === 'private' && !verifySubscription(this.ctx.appKey, this.ctx.secret, conn.socketId, channel, auth)) {
      return this.refuse(conn, channel, 'AuthError', `Invalid signature for ${channel}`, 401)
    }
    let member: TPresenceMember | undefined
    if (kind === 'presence') {
      member = this.presenceMember(conn, channel, auth, channel_data)
      if (!member) return
    }
    if (conn.closed) return
    if (!already) await this.join(conn, channel, member)
    if (!member) return conn.send(encodeFrame({ event: 'pusher_internal:subscription_succeeded', channel, data: '{}' }))

    const { firstForUser } = already ? { firstForUser: false } : await this.ctx.backplane.presenceAdd(channel, conn.socketId, member)
    const members = await this.ctx.backplane.presenceMembers(channel)
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
      this.ctx.webhooks.send({ name: 'member_added', channel, user_id: member.user_id })
      await this.ctx.broadcast({
        channels: [channel],
        event: 'pusher_internal:member_added',
        data: JSON.stringify({ user_id: member.user_id, user_info: member.user_info ?? null }),
        exceptSocketId: conn.socketId,
      })
    }
  }

  private async join(conn: Connection, channel: string, member?: TPresenceMember): Promise<void> {
    conn.channels.set(channel, { member })
    let subs = this.byChannel.get(channel)
    if (!subs) this.byChannel.set(channel, (subs = new Set()))
    subs.add(conn)
    // A user's own delivery channel is plumbing, not a channel apps see or are told about.
    if (channelKind(channel) === 'user') return
    const { occupied } = await this.ctx.backplane.channelJoined(channel)
    if (occupied) this.ctx.webhooks.send({ name: 'channel_occupied', channel })
  }

  async leave(conn: Connection, channel: string): Promise<void> {
    const sub = conn.channels.get(channel)
    if (!sub) return
    conn.channels.delete(channel)
    const subs = this.byChannel.get(channel)
    subs?.delete(conn)
    if (subs && subs.size === 0) this.byChannel.delete(channel)
    if (sub.member) {
      const { member, lastForUser } = await this.ctx.backplane.presenceRemove(channel, conn.socketId)
      if (member && lastForUser) {
        this.ctx.webhooks.send({ name: 'member_removed', channel, user_id: member.user_id })
        await this.ctx.broadcast({
          channels: [channel],
          event: 'pusher_internal:member_removed',
          data: JSON.stringify({ user_id: member.user_id }),
          exceptSocketId: conn.socketId,
        })
      }
    }
    if (channelKind(channel) === 'user') return
    const { vacated } = await this.ctx.backplane.channelLeft(channel)
    if (vacated) this.ctx.webhooks.send({ name: 'channel_vacated', channel })
  }
}
