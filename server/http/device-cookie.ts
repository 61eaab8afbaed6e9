import type { H3Event } from 'h3'
import { getCookie, setCookie } from 'h3'
import { DEVICE_COOKIE, DEVICE_TTL_MS, readDeviceCookie, signDeviceId } from '../domains/auth'
import { useConfig } from '../lib/config'

/** The verified device id of the request's `d24_device` cookie, or null. */
export function deviceIdFrom(event: H3Event): string | null {
  return readDeviceCookie(getCookie(event, DEVICE_COOKIE))
}

/**
 * HttpOnly (page scripts never need it, so XSS cannot carry it off), sent only to
 * /api/auth where sign-in reads it, renewed on each successful sign-in.
 */
export function setDeviceCookie(event: H3Event, deviceId: string): void {
  setCookie(event, DEVICE_COOKIE, signDeviceId(deviceId), {
    httpOnly: true,
    sameSite: 'lax',
    secure: useConfig().NODE_ENV === 'production',
    path: '/api/auth',
    maxAge: Math.floor(DEVICE_TTL_MS / 1000),
  })
}
