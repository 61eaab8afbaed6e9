import type { Redis } from 'ioredis'
import { z } from 'zod'
import { newNodeId, uniqueByUser, type TBackplane, type TBackplaneHandlers, type TBackplaneMessage } from './backplane'
import type { TPresenceMember } from './protocol'

const ZBroadcast = z.object({
  channels: z.array(z.string()),
  event: z.string(),
  data: z.string(),
  exceptSocketId: z.string().optional(),
  userId: z.string().optional(),
})
const ZWire = z.object({
  origin: z.string(),
  message: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('event'), broadcast: ZBroadcast }),
    z.object({ kind: z.literal('terminate'), userId: z.string() }),
  ]),
})

const ZStoredMember = z.object({ node: z.string(), user_id: z.string(), user_info: z.unknown().optional() })
type TStoredMember = z.infer<typeof ZStoredMember>

const NODE_TTL_SECONDS = 60
const PRESENCE_TTL_SECONDS = 24 * 3600

// One socket of this process joined: count it here; the first socket of this process
// on the channel also counts the process in the channel's occupancy. 1 = occupied now.
const JOIN = `local n = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if n == 1 then return redis.call('HINCRBY', KEYS[2], ARGV[1], 1) end
return 0`
// The reverse; 1 = the channel is now empty everywhere.
const LEAVE = `local n = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if n > 0 then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
if n < 0 then return 0 end
local o = redis.call('HINCRBY', KEYS[2], ARGV[1], -1)
if o <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) return 1 end
return 0`
// A process died: whoever removes it from the node set first takes its channels out of
// the occupancy and reports those left empty (so each vacated webhook is sent once).
const REAP = `if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return {} end
local vacated = {}
for _, ch in ipairs(redis.call('HKEYS', KEYS[2])) do
  local o = redis.call('HINCRBY', KEYS[3], ch, -1)
  if o <= 0 then redis.call('HDEL', KEYS[3], ch) table.insert(vacated, ch) end
end
redis.call('DEL', KEYS[2])
return vacated`

function parseStored(raw: string): TStoredMember | undefined {
  try {
    const r = ZStoredMember.safeParse(JSON.parse(raw))
    return r.success ? r.data : undefined
  } catch {
    return undefined
  }
}

const toMember = (s: TStoredMember): TPresenceMember => ({ user_id: s.user_id, user_info: s.user_info })
const globToMatch = (prefix: string) => `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`

/**
 * Several processes on one Redis: pub/sub on `${prefix}:realtime` for events; presence
 * in one hash per channel (field = socket id); subscription counts in one hash per
 * process plus an occupancy hash. Each process keeps a liveness key, so a crashed
 * process's members and subscriptions are pruned instead of counting forever.
 * `pub` is used for commands, `sub` only for the subscription (Redis requires that).
 */
export function createRedisBackplane(opts: { pub: Redis; sub: Redis; prefix: string; quitOnClose?: boolean }): TBackplane {
  const { pub, sub, prefix } = opts
  const nodeId = newNodeId()
  const topic = `${prefix}:realtime`
  const presenceKey = (channel: string) => `${prefix}:realtime:presence:${channel}`
  const aliveKey = (id: string) => `${prefix}:realtime:node:${id}`
  const subsKey = (id: string) => `${prefix}:realtime:subs:${id}`
  const nodesKey = `${prefix}:realtime:nodes`
  const occupiedKey = `${prefix}:realtime:occupied`
  /** Our own memberships, removed on a clean shutdown. */
  const mine = new Map<string, Set<string>>()
  let heartbeat: ReturnType<typeof setInterval> | undefined
  let handlers: TBackplaneHandlers | undefined

  const beat = () => pub.multi().set(aliveKey(nodeId), '1', 'EX', NODE_TTL_SECONDS).sadd(nodesKey, nodeId).exec()

  /** Live node ids; dead ones are reaped on the way (their vacated channels reported once). */
  async function liveNodes(): Promise<string[]> {
    const nodes = await pub.smembers(nodesKey)
    if (nodes.length === 0) return []
    const alive = await pub.mget(...nodes.map(aliveKey))
    const live: string[] = []
    for (const [i, id] of nodes.entries()) {
      if (alive[i] !== null || id === nodeId) {
        live.push(id)
        continue
      }
      const vacated = (await pub.eval(REAP, 3, nodesKey, subsKey(id), occupiedKey, id)) as string[]
      if (vacated.length) handlers?.onVacated(vacated)
    }
    return live
  }

  async function aliveStored(channel: string): Promise<Map<string, TStoredMember>> {
    const all = await pub.hgetall(presenceKey(channel))
    const parsed = new Map<string, TStoredMember>()
    for (const [field, raw] of Object.entries(all)) {
      const s = parseStored(raw)
      if (s) parsed.set(field, s)
    }
    const nodes = [...new Set([...parsed.values()].map((s) => s.node))]
    if (nodes.length === 0) return parsed
    const alive = await pub.mget(...nodes.map(aliveKey))
    const dead = new Set(nodes.filter((_, i) => alive[i] === null && nodes[i] !== nodeId))
    if (dead.size === 0) return parsed
    const stale = [...parsed].filter(([, s]) => dead.has(s.node)).map(([f]) => f)
    await pub.hdel(presenceKey(channel), ...stale)
    for (const f of stale) parsed.delete(f)
    return parsed
  }

  function onMessage(ch: string, raw: string): void {
    if (ch !== topic || !handlers) return
    let wire: z.infer<typeof ZWire>
    try {
      const r = ZWire.safeParse(JSON.parse(raw))
      if (!r.success) return
      wire = r.data
    } catch {
      return
    }
    if (wire.origin !== nodeId) handlers.onRemote(wire.message as TBackplaneMessage)
  }

  return {
    nodeId,
    async start(h) {
      handlers = h
      await beat()
      heartbeat = setInterval(() => void beat().then(liveNodes).catch(() => undefined), (NODE_TTL_SECONDS * 1000) / 3)
      heartbeat.unref()
      sub.on('message', onMessage)
      await sub.subscribe(topic)
    },
    async publish(message) {
      await pub.publish(topic, JSON.stringify({ origin: nodeId, message }))
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
    async channelJoined(channel) {
      return { occupied: (await pub.eval(JOIN, 2, subsKey(nodeId), occupiedKey, channel)) === 1 }
    },
    async channelLeft(channel) {
      return { vacated: (await pub.eval(LEAVE, 2, subsKey(nodeId), occupiedKey, channel)) === 1 }
    },
    async subscriptionCounts(channels) {
      if (channels.length === 0) return []
      const nodes = await liveNodes()
      const totals = channels.map(() => 0)
      const multi = pub.multi()
      for (const id of nodes) multi.hmget(subsKey(id), ...channels)
      for (const [, counts] of (await multi.exec()) ?? []) {
        for (const [i, c] of ((counts ?? []) as (string | null)[]).entries()) totals[i]! += Number(c ?? 0)
      }
      return totals
    },
    async occupiedChannels(channelPrefix = '') {
      await liveNodes()
      const out: string[] = []
      let cursor = '0'
      do {
        const [next, flat] = await pub.hscan(occupiedKey, cursor, 'MATCH', globToMatch(channelPrefix), 'COUNT', 1000)
        for (let i = 0; i < flat.length; i += 2) out.push(flat[i]!)
        cursor = next
      } while (cursor !== '0')
      return out
    },
    async firstSeen(key, ttlSeconds) {
      return (await pub.set(`${prefix}:realtime:seen:${key}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK'
    },
    async close() {
      if (heartbeat) clearInterval(heartbeat)
      sub.off('message', onMessage)
      for (const [channel, sockets] of mine) if (sockets.size) await pub.hdel(presenceKey(channel), ...sockets).catch(() => 0)
      mine.clear()
      // Our sockets have left by now; reaping ourselves clears any count a failed LEAVE left behind.
      await pub.del(aliveKey(nodeId)).catch(() => 0)
      await pub.eval(REAP, 3, nodesKey, subsKey(nodeId), occupiedKey, nodeId).catch(() => [])
      await sub.unsubscribe(topic).catch(() => undefined)
      if (opts.quitOnClose !== false) {
        await Promise.all([pub.quit().catch(() => pub.disconnect()), sub.quit().catch(() => sub.disconnect())])
      }
    },
  }
}
