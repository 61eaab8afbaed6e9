/** Where clamd listens: a TCP host and port, or a unix socket. */
export type TClamdAddress = { host: string; port: number } | { path: string }

/**
 * `tcp://host:port` or `unix:///path/to/clamd.sock` (CLAMD_URL). Throws on anything else;
 * the config check calls it, so a bad value stops the process at start and not at the
 * first upload.
 */
export function parseClamdUrl(url: string): TClamdAddress {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new Error(`"${url}" is not a URL`)
  }
  if (u.protocol === 'unix:') {
    if (u.host || !u.pathname || u.pathname === '/') throw new Error('a unix socket is unix:///absolute/path')
    return { path: decodeURIComponent(u.pathname) }
  }
  if (u.protocol === 'tcp:') {
    const port = Number(u.port)
    // URL keeps IPv6 brackets in hostname; net.connect wants the bare address.
    const host = u.hostname.replace(/^\[(.*)\]$/, '$1')
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error('a TCP address is tcp://host:port')
    if (u.pathname && u.pathname !== '/') throw new Error('a TCP address has no path')
    return { host, port }
  }
  throw new Error(`unknown scheme ${u.protocol} (tcp: or unix:)`)
}
