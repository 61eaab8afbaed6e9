export const CLAMD_PORT: number
export const CLAMD_MAX_BYTES: number

export interface TLocalClamd {
  /** For CLAMD_URL: tcp://127.0.0.1:<port>. */
  url: string
  port: number
  /** Its unix socket (unix://<socket> works as CLAMD_URL too). */
  socket: string
  dir: string
  /** Undefined when the clamd answering was started from another directory. */
  pid: number | undefined
  /** False when one was already answering. */
  started: boolean
}

export function clamdRuntimeDir(): string
export function pingClamd(port?: number, timeoutMs?: number): Promise<boolean>
/** A clamd answering PONG on 127.0.0.1:port, started detached when none does (scripts/lib/clamd.mjs). */
export function ensureClamd(opts?: { port?: number; dir?: string; maxBytes?: number; official?: boolean; timeoutMs?: number }): Promise<TLocalClamd>
