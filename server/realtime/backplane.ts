import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import { z } from 'zod'
import type { TBroadcast, TPresenceMember } from './protocol'

/**
 * What hubs in several web processes share: fan-out of events and the presence
 * member lists. The hub delivers to its own sockets itself and hands the event to
 * the backplane for every other process.
 */
export interface TBackplane {
  readonly nodeId: string
  start(onRemote: (b: TBroadcast) => void): Promise<void>
  publish(b: TBroadcast): Promise<void>
  /** Adds one socket's membership; `firstForUser` when no other socket of that user is on the channel. */
  presenceAdd(channel: string, socketId: string, member: TPresenceMember): Promise<{ firstForUser: boolean }>
  /** `lastForUser` when this was the user's last socket on the channel. */
  presenceRemove(channel: string, socketId: string): Promise<{ member?: TPresenceMember; lastForUser: boolean }>
  /** One entry per user (a user with two tabs is one member). */
  presenceMembers(channel: string): Promise<TPresenceMember[]>
  close(): Promise<void>
}

function newNodeId(): string {
  return randomBytes(6).toString('hex')
}

function uniqueByUser(members: TPresenceMember[]): TPresenceMember[] {
  const seen = new Map<string, TPresenceMember>()
  for (const m of members) if (!seen.has(m.user_id)) seen.set(m.user_id, m)
  return [...seen.values()]
}

/** Single process: nothing to fan out, presence kept in memory. */
export function createMemoryBackplane(): TBackplane {
  const presence = new Map<string, Map<string, TPresenceMember>>()
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
    async close() {
      presence.clear()
    },
  }
}

const ZWire = z.object({
  origin: z.string(),
  channels: z.array(z.string()),
  event: z.string(),
  data: z.string(),
  exceptSocketId: z.string().optional(),
  userId: z.string().optional(),
})

const ZStoredMember = z.object({ node: z.string(), user_id: z.string(), user_info: z.unknown().optional() })
type TStoredMember = z.infer<typeof ZStoredMember>

const NODE_TTL_SECONDS = 60
const PRESENCE_TTL_SECONDS = 24 * 3600

function parseStored(raw: string): TStoredMember | undefined {
  try {
    const r = ZStoredMember.safeParse(JSON.parse(raw))
    return r.success ? r.data : undefined
  } catch {
    return undefined
  }
}

const toMember = (s: TStoredMember): TPresenceMember => ({ user_id: s.user_id, user_info: s.user_info })

/**
 * Several processes: Redis pub/sub on `${prefix}:realtime` for events; presence in
 * one hash per channel (field = socket id). Each process keeps a liveness key so a
 * crashed process's members are pruned instead of staying online forever.
 * `pub` is used for commands, `sub` only for the subscription (Redis requires that).
 */
export function createRedisBackplane(opts: {
  pub: Redis
  sub: Redis
  prefix: string
  /** The backplane owns its two connections unless told otherwise. */
  quitOnClose?: boolean
}): TBackplane {
  const { pub, sub, prefix } = opts
  const nodeId = newNodeId()
  const topic = `${prefix}:realtime`
  const presenceKey = (channel: string) => `${prefix}:realtime:presence:${channel}`
  const nodeKey = (id: string) => `${prefix}:realtime:node:${id}`
  /** Our own memberships, removed on a clean shutdown. */
  const mine = new Map<string, Set<string>>()
  let heartbeat: ReturnType<typeof setInterval> | undefined

  const beat = () => pub.set(nodeKey(nodeId), '1', 'EX', NODE_TTL_SECONDS)

  async function aliveStored(channel: string): Promise<Map<string, TStoredMember>> {
    const all = await pub.hgetall(presenceKey(channel))
    const parsed = new Map<string, TStoredMember>()
    for (const [field, raw] of Object.entries(all)) {
      const s = parseStored(raw)
      if (s) parsed.set(field, s)
    }
    const nodes = [...new Set([...parsed.values()].map((s) => s.node))]
    if (nodes.length === 0) return parsed
    const alive = await pub.mget(...nodes.map(nodeKey))
    const dead = new Set(nodes.filter((_, i) => alive[i] === null && nodes[i] !== nodeId))
    if (dead.size === 0) return parsed
    const stale = [...parsed].filter(([, s]) => dead.has(s.node)).map(([f]) => f)
    await pub.hdel(presenceKey(channel), ...stale)
    for (const f of stale) parsed.delete(f)
    return parsed
  }

  return {
    nodeId,
    async start(onRemote) {
      await beat()
      heartbeat = setInterval(() => void beat().catch(() => undefined), (NODE_TTL_SECONDS * 1000) / 3)
      heartbeat.unref()
      sub.on('message', (ch: string, raw: string) => {
        if (ch !== topic) return
        let wire: z.infer<typeof ZWire>
        try {
          const r = ZWire.safeParse(JSON.parse(raw))
          if (!r.success) return
          wire = r.data
        } catch {
          return
        }
        if (wire.origin === nodeId) return
        const { origin: _origin, ...b } = wire
        onRemote(b)
      })
      await sub.subscribe(topic)
    },
    async publish(b) {
      await pub.publish(topic, JSON.stringify({ origin: nodeId, ...b }))
    },
    async presenceAdd(channel, socketId, member) {
      const key = presenceKey(channel)
      const stored: TStoredMember = { node: nodeId, user_id: member.user_id, user_info: member.user_info }
      // One transaction so two sockets of a user joining at once cannot both look "first".
      const res = await pub.multi().hset(key, socketId, JSON.stringify(stored)).expire(key, PRESENCE_TTL_SECONDS).hvals(key).exec()
      const vals = (res?.[2]?.[1] ?? []) as string[]
      let same = 0
      for (const raw of vals) if (parseStored(raw)?.user_id === member.user_id) same++
      let set = mine.get(channel)
      if (!set) mine.set(channel, (set = new Set()))
      set.add(socketId)
      return { firstForUser: same <= 1 }
    },
    async presenceRemove(channel, socketId) {
      const key = presenceKey(channel)
      mine.get(channel)?.delete(socketId)
      const res = await pub.multi().hget(key, socketId).hdel(key, socketId).hvals(key).exec()
      const raw = res?.[0]?.[1] as string | null | undefined
      const removed = raw ? parseStored(raw) : undefined
      if (!removed) return { lastForUser: false }
      const vals = (res?.[2]?.[1] ?? []) as string[]
      const still = vals.some((v) => parseStored(v)?.user_id === removed.user_id)
      return { member: toMember(removed), lastForUser: !still }
    },
    async presenceMembers(channel) {
      return uniqueByUser([...(await aliveStored(channel)).values()].map(toMember))
    },
    async close() {
      if (heartbeat) clearInterval(heartbeat)
      for (const [channel, sockets] of mine) if (sockets.size) await pub.hdel(presenceKey(channel), ...sockets).catch(() => 0)
      mine.clear()
      await pub.del(nodeKey(nodeId)).catch(() => 0)
      await sub.unsubscribe(topic).catch(() => undefined)
      if (opts.quitOnClose !== false) {
        await Promise.all([pub.quit().catch(() => pub.disconnect()), sub.quit().catch(() => sub.disconnect())])
      }
    },
  }
}
