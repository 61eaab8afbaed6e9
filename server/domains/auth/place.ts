import { BlockList, isIP } from 'node:net'
import type { TPlaceView } from '../../../shared/auth-views'
import { useLogger } from '../../lib/log'

// Addresses that never leave a home, office or carrier network (RFC 1918, CGNAT, loopback,
// link-local, IPv6 unique-local): no database places them, and "local network" is the truth.
const LOCAL = new BlockList()
for (const [net, bits] of [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['0.0.0.0', 8]] as const) {
  LOCAL.addSubnet(net, bits, 'ipv4')
}
for (const [net, bits] of [['::1', 128], ['::', 128], ['fc00::', 7], ['fe80::', 10]] as const) LOCAL.addSubnet(net, bits, 'ipv6')

type TCountryLookup = { lookup(ip: string): { country?: string } | null }
let geo: Promise<TCountryLookup> | null = null
/**
 * geoip-country ships the GeoLite2 country tables inside the package (about 8 MB, read
 * into memory in about half a second): loaded on the first lookup, so a web process
 * that never lists sessions does not pay for it.
 */
function countries(): Promise<TCountryLookup> {
  geo ??= import('geoip-country').then(
    (m) => (m.default ?? m) as TCountryLookup,
    // Missing tables (a build that left them out) must not take the session list down:
    // the places go blank, and the log says why once.
    (e: unknown) => {
      useLogger('auth').error('geoip-country tables not loaded; sessions show no place', { err: String(e) })
      return { lookup: () => null }
    },
  )
  return geo
}

/** "::ffff:1.2.3.4" (an IPv4 client on a dual-stack socket) is 1.2.3.4. */
function plain(ip: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  return v4 ? v4[1]! : ip
}

/**
 * Where a session's address is, to the country (ISO 3166 code; the page names it in its
 * own language), looked up offline on this server. null when the address is missing,
 * malformed or not in the table.
 */
export async function describePlace(ip: string | null): Promise<TPlaceView | null> {
  if (!ip) return null
  const addr = plain(ip.trim())
  const family = isIP(addr)
  if (!family) return null
  if (LOCAL.check(addr, family === 4 ? 'ipv4' : 'ipv6')) return { local: true, country: null }
  const country = (await countries()).lookup(addr)?.country
  return country && /^[A-Z]{2}$/.test(country) ? { local: false, country } : null
}
