import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { useConfig } from './config'
import { AppError } from './errors'
import { useRedis } from './redis'

/**
 * Fixed-window counters in Redis: INCR and PEXPIRE run in one Lua script, so every
 * web process sharing the Redis sees the same count and a crash between the two
 * commands cannot leave a counter that never expires.
 */
export interface TRateLimitRule {
  /** Short stable name, part of the Redis key (e.g. `login:ip`). */
  name: string
  limit: number
  windowMs: number
}

export interface TRateLimitState {
  count: number
  limited: boolean
  /** Seconds until the window resets (at least 1). */
  retryAfter: number
}

const HIT = `
local c = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {c, ttl}
`

const PEEK = `
local c = redis.call('GET', KEYS[1])
if not c then return {0, 0} end
return {tonumber(c), redis.call('PTTL', KEYS[1])}
`

function keyOf(rule: TRateLimitRule, id: string): string {
  // Hashed: identifiers are emails/phones/IPs, and keys should carry no personal data.
  const h = createHash('sha256').update(id.toLowerCase()).digest('base64url').slice(0, 22)
  return `${useConfig().REDIS_PREFIX}:rl:${rule.name}:${h}`
}

function toState(rule: TRateLimitRule, reply: unknown, counted: boolean): TRateLimitState {
  const [count, ttl] = (reply as [number, number]).map(Number) as [number, number]
  const limited = counted ? count > rule.limit : count >= rule.limit
  return { count, limited, retryAfter: Math.max(1, Math.ceil((ttl > 0 ? ttl : rule.windowMs) / 1000)) }
}

/** Counts one attempt and says whether it went over the limit. */
export async function hitRateLimit(rule: TRateLimitRule, id: string, redis: Redis = useRedis()): Promise<TRateLimitState> {
  return toState(rule, await redis.eval(HIT, 1, keyOf(rule, id), String(rule.windowMs)), true)
}

/** Whether the next attempt would be refused, without counting one (for "failures only" limits). */
export async function peekRateLimit(rule: TRateLimitRule, id: string, redis: Redis = useRedis()): Promise<TRateLimitState> {
  return toState(rule, await redis.eval(PEEK, 1, keyOf(rule, id)), false)
}

export async function resetRateLimit(rule: TRateLimitRule, id: string, redis: Redis = useRedis()): Promise<void> {
  await redis.del(keyOf(rule, id))
}

export function rateLimitedError(state: TRateLimitState): AppError {
  return new AppError('RATE_LIMITED', `Too many attempts. Try again in ${state.retryAfter} s.`, {
    messageKey: 'errors.rate_limited',
    params: { retryAfter: state.retryAfter },
    retryAfter: state.retryAfter,
  })
}

/** Counts an attempt; throws 429 RATE_LIMITED (with Retry-After) when over the limit. */
export async function enforceRateLimit(rule: TRateLimitRule, id: string, redis?: Redis): Promise<void> {
  const state = await hitRateLimit(rule, id, redis)
  if (state.limited) throw rateLimitedError(state)
}
