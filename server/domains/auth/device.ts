import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { useConfig } from '../../lib/config'
import { useRedis } from '../../lib/redis'

/**
 * The sign-in device: a random id in the long-lived HttpOnly cookie `d24_device`,
 * `<id>.<mac>` with an HMAC keyed by AUTH_SECRET, so a client cannot make up the id
 * of a device that signed in before. Login limits count failures per (account, device)
 * and let a device that already signed in to an account past the account-wide limit
 * (see README "Brute force").
 */
export const DEVICE_COOKIE = 'd24_device'
/** How long the cookie and the "signed in from here" mark last; each sign-in renews both. */
export const DEVICE_TTL_MS = 400 * 24 * 3600 * 1000

function mac(id: string): string {
  return createHmac('sha256', useConfig().AUTH_SECRET).update(`d24:device:${id}`).digest('base64url').slice(0, 32)
}

export function newDeviceId(): string {
  return randomBytes(18).toString('base64url')
}

export function signDeviceId(id: string): string {
  return `${id}.${mac(id)}`
}

/** The device id of a cookie value, or null when it is missing, malformed or not ours. */
export function readDeviceCookie(value: string | undefined | null): string | null {
  if (!value || value.length > 128) return null
  const dot = value.indexOf('.')
  if (dot <= 0) return null
  const id = value.slice(0, dot)
  const got = Buffer.from(value.slice(dot + 1))
  const want = Buffer.from(mac(id))
  return got.length === want.length && timingSafeEqual(got, want) ? id : null
}

function knownKey(userId: string, deviceId: string): string {
  return `${useConfig().REDIS_PREFIX}:known-device:${userId}:${deviceId}`
}

/** Marks the device as one the account signed in from (Redis, like the counters it exempts from). */
export async function rememberDevice(userId: string, deviceId: string): Promise<void> {
  await useRedis().set(knownKey(userId, deviceId), '1', 'PX', DEVICE_TTL_MS)
}

export async function isKnownDevice(userId: string, deviceId: string | null | undefined): Promise<boolean> {
  if (!deviceId) return false
  return (await useRedis().exists(knownKey(userId, deviceId))) === 1
}
