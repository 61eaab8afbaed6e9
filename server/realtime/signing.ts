import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { LIMITS } from './protocol'

/**
 * Pusher's signatures, each HMAC-SHA256 with the app secret: channel subscriptions,
 * user sign-in, the signed REST API and webhooks.
 */
export function hmacHex(secret: string, text: string | Buffer): string {
  return createHmac('sha256', secret).update(text).digest('hex')
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

export function verifySubscription(key: string, secret: string, socketId: string, channel: string, auth: string | undefined, channelData?: string): boolean {
  if (!auth) return false
  return safeEqual(auth, signSubscription(key, secret, socketId, channel, channelData))
}

/** pusher:signin's `auth`: the signature covers the exact `user_data` string. */
export function verifyUserSignin(key: string, secret: string, socketId: string, userData: string, auth: string): boolean {
  return safeEqual(auth, `${key}:${hmacHex(secret, `${socketId}::user::${userData}`)}`)
}

export type TRestCheck = { ok: true } | { ok: false; status: 401 | 400; message: string }

/**
 * Verifies the query of a signed REST request as the official server libraries sign
 * it: keys sorted, `key=value` joined by `&` (values not re-encoded), signature over
 * "METHOD\nPATH\nQUERY" without auth_signature. The query carries `body_md5`, so this
 * runs before the body is read; verifyBodyMd5 then ties the body to it.
 */
export function verifyRestQuery(input: { method: string; path: string; query: URLSearchParams; key: string; secret: string; nowSeconds?: number }): TRestCheck {
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
  const pairs: [string, string][] = []
  for (const [k, v] of q) if (k !== 'auth_signature') pairs.push([k.toLowerCase(), v])
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const toSign = `${input.method.toUpperCase()}\n${input.path}\n${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`
  if (!safeEqual(signature, hmacHex(input.secret, toSign))) return { ok: false, status: 401, message: 'Invalid signature' }
  return { ok: true }
}

export function verifyBodyMd5(query: URLSearchParams, body: Buffer): TRestCheck {
  if (body.length === 0) return { ok: true }
  const md5 = createHash('md5').update(body).digest('hex')
  return query.get('body_md5') === md5 ? { ok: true } : { ok: false, status: 401, message: 'body_md5 does not match the body' }
}
