import { LIMITS, type TPresenceMember } from './protocol'

/** What the hub needs from a websocket, whichever server library carries it. */
export interface TTransport {
  send(text: string): void
  close(code?: number, reason?: string): void
}

/** One client socket: its channels, its signed-in user, its liveness. */
export class Connection {
  readonly channels = new Map<string, { member?: TPresenceMember }>()
  /** Set by a valid pusher:signin; the socket then receives the user's #server-to-user- events. */
  userId?: string
  lastSeen = Date.now()
  pingSent = false
  closed = false
  /** Frames of one socket are handled in order even when a subscribe waits on Redis. */
  queue: Promise<void> = Promise.resolve()
  private windowStart = 0
  private windowCount = 0

  constructor(
    readonly socketId: string,
    readonly transport: TTransport,
    /** The client IP it is counted under (per-IP connection cap). */
    readonly ip: string,
  ) {}

  send(text: string): void {
    if (!this.closed) this.transport.send(text)
  }

  allowClientEvent(now: number): boolean {
    if (now - this.windowStart >= 1000) {
      this.windowStart = now
      this.windowCount = 0
    }
    return ++this.windowCount <= LIMITS.clientEventsPerSecond
  }
}
