/**
 * Whether an error means the database connection itself died (server restart, failover,
 * pg_terminate_backend, a reset socket), as opposed to a statement PostgreSQL refused.
 * Such a failure says nothing about the statement: a read may be run again on a new
 * connection, a write may or may not have been applied and is answered 503 instead.
 */
const LOST_SQLSTATES = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend, fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up / shutting down)
  '08000', // connection_exception
  '08003', // connection_does_not_exist
  '08006', // connection_failure
])
const LOST_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ENOTCONN'])
const LOST_MESSAGES = /Connection terminated|not queryable|Client was closed|server closed the connection/i
// The driver adapter's error kinds (@prisma/adapter-pg) and Prisma's own codes for a closed or unreachable server.
const LOST_PRISMA_KINDS = new Set(['ConnectionClosed', 'DatabaseNotReachable', 'SocketTimeout'])
const LOST_PRISMA_CODES = new Set(['P1001', 'P1017'])

function lostHere(e: Record<string, unknown>): boolean {
  const code = typeof e.code === 'string' ? e.code : undefined
  if (code && (LOST_SQLSTATES.has(code) || LOST_SOCKET_CODES.has(code) || LOST_PRISMA_CODES.has(code))) return true
  if (typeof e.originalCode === 'string' && LOST_SQLSTATES.has(e.originalCode)) return true
  if (typeof e.kind === 'string' && LOST_PRISMA_KINDS.has(e.kind)) return true
  // Prisma puts the words of a driver failure into a long message of its own; only the
  // driver's own messages are matched here (the adapter's cause is checked below).
  return !code && typeof e.message === 'string' && LOST_MESSAGES.test(e.message)
}

export function isConnectionLost(err: unknown): boolean {
  let e: unknown = err
  // Walk what wraps what: PrismaClientKnownRequestError → meta.driverAdapterError → cause.
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const o = e as Record<string, unknown>
    if (lostHere(o)) return true
    const meta = o.meta as { driverAdapterError?: { cause?: unknown } } | undefined
    e = meta?.driverAdapterError?.cause ?? o.cause
  }
  return false
}
