import { randomBytes } from 'node:crypto'
import type { TBroadcast, TPresenceMember } from './protocol'

/** What one process tells the others: an event to deliver, or "close this user's sockets". */
export type TBackplaneMessage = { kind: 'event'; broadcast: TBroadcast } | { kind: 'terminate'; userId: string }

export interface TBackplaneHandlers {
  onRemote(m: TBackplaneMessage): void
  /** Channels left empty by a process that died (its sockets never said goodbye). */
  onVacated(channels: string[]): void
}

/**
 * What hubs in several web processes share: fan-out of events, presence member
 * lists, who is subscribed where (for channel information and occupied/vacated
 * webhooks) and the REST replay memory. The hub delivers to its own sockets itself
 * and hands the event to the backplane for every other process.
 */
export interface TBackplane {
  readonly nodeId: string
  start(handlers: TBackplaneHandlers): Promise<void>
  publish(m: TBackplaneMessage): Promise<void>
  /** Adds one socket's membership; `firstForUser` when no other socket of that user is on the channel. */
  presenceAdd(channel: string, socketId: string, member: TPresenceMember): Promise<{ firstForUser: boolean }>
  /** `lastForUser` when this was the user's last socket on the channel. */
  presenceRemove(channel: string, socketId: string): Promise<{ member?: TPresenceMember; lastForUser: boolean }>
  /** One entry per user (a user with two tabs is one member). */
  presenceMembers(channel: string): Promise<TPresenceMember[]>
  /** A socket here joined `channel`; `occupied` when the channel had no subscriber anywhere before. */
  channelJoined(channel: string): Promise<{ occupied: boolean }>
  /** A socket here left `channel`; `vacated` when that was its last subscriber anywhere. */
  channelLeft(channel: string): Promise<{ vacated: boolean }>
  /** Subscriptions to each channel, summed over the live processes. */
  subscriptionCounts(channels: string[]): Promise<number[]>
  /** Channels with at least one subscriber anywhere, optionally only those starting with `prefix`. */
  occupiedChannels(prefix?: string): Promise<string[]>
  /** True the first time `key` is offered within `ttlSeconds`, on any process. */
  firstSeen(key: string, ttlSeconds: number): Promise<boolean>
  close(): Promise<void>
}

export function newNodeId(): string {
  return randomBytes(6).toString('hex')
}

export function uniqueByUser(members: TPresenceMember[]): TPresenceMember[] {
  const seen = new Map<string, TPresenceMember>()
  for (const m of members) if (!seen.has(m.user_id)) seen.set(m.user_id, m)
  return [...seen.values()]
}

/** Single process: nothing to fan out, everything kept in memory. */
export function createMemoryBackplane(): TBackplane {
  const presence = new Map<string, Map<string, TPresenceMember>>()
  const subs = new Map<string, number>()
  const seen = new Map<string, number>()
  return {
    nodeId: newNodeId(),
    async start() {},
    async publish() {},
    async presenceAdd(channel, socketId, member) {
      let m = presence.get(channel)
      if (!m) presence.set(channel, (m = new Map()))
      const firstForUser = ![...m.values()].some((x) => x.user_id === member.user_id)
      m.set(socketId, member)
      return { firstForUser }
    },
    async presenceRemove(channel, socketId) {
      const m = presence.get(channel)
      const member = m?.get(socketId)
      if (!m || !member) return { lastForUser: false }
      m.delete(socketId)
      if (m.size === 0) presence.delete(channel)
      return { member, lastForUser: ![...m.values()].some((x) => x.user_id === member.user_id) }
    },
    async presenceMembers(channel) {
      return uniqueByUser([...(presence.get(channel)?.values() ?? [])])
    },
    async channelJoined(channel) {
      const n = (subs.get(channel) ?? 0) + 1
      subs.set(channel, n)
      return { occupied: n === 1 }
    },
    async channelLeft(channel) {
      const n = (subs.get(channel) ?? 0) - 1
      if (n > 0) subs.set(channel, n)
      else subs.delete(channel)
      return { vacated: n === 0 }
    },
    async subscriptionCounts(channels) {
      return channels.map((c) => subs.get(c) ?? 0)
    },
    async occupiedChannels(prefix = '') {
      return [...subs.keys()].filter((c) => c.startsWith(prefix))
    },
    async firstSeen(key, ttlSeconds) {
      const now = Date.now()
      for (const [k, until] of seen) if (until <= now) seen.delete(k)
      if (seen.has(key)) return false
      seen.set(key, now + ttlSeconds * 1000)
      return true
    },
    async close() {
      presence.clear()
      subs.clear()
    },
  }
}
