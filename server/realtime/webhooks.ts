import { hmacHex } from './signing'

/** The webhook events Pusher defines for channel existence, presence and client events. */
export type TWebhookEvent =
  | { name: 'channel_occupied' | 'channel_vacated'; channel: string }
  | { name: 'member_added' | 'member_removed'; channel: string; user_id: string }
  | { name: 'client_event'; channel: string; event: string; data: string; socket_id: string; user_id?: string }

export interface TWebhookSink {
  send(e: TWebhookEvent): void
  /** Sends what is queued (one try) and stops. */
  close(): Promise<void>
}

export const noWebhooks: TWebhookSink = { send() {}, async close() {} }

export interface TWebhookOptions {
  url: string
  key: string
  secret: string
  /** Events that arrive within this window go out in one POST, as Pusher batches them. */
  batchMs?: number
  /** Tries per batch before it is dropped (with a log line), backing off 1 s, 2 s, 4 s ... */
  attempts?: number
  timeoutMs?: number
  onError?: (msg: string, data: Record<string, unknown>) => void
}

/** Past this many waiting events (a receiver down for long), the oldest are dropped. */
const MAX_QUEUED = 10_000
const MAX_PER_POST = 100

/**
 * Posts Pusher-format webhooks: body `{time_ms, events}`, headers X-Pusher-Key and
 * X-Pusher-Signature = hex HMAC-SHA256 of the exact body with the app secret, so the
 * official libraries' `webhook(req).isValid()` accepts them. In memory and best
 * effort, like Pusher's: a process that dies drops what it had not sent yet.
 */
export function createWebhookSender(opts: TWebhookOptions): TWebhookSink {
  const batchMs = opts.batchMs ?? 50
  const attempts = opts.attempts ?? 5
  let queue: TWebhookEvent[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false
  const inFlight = new Set<Promise<void>>()
  let wake: () => void = () => {}
  /** Resolves on close, so a retry waiting out its backoff gives up at once. */
  const stopped = new Promise<void>((r) => (wake = r))

  async function post(events: TWebhookEvent[]): Promise<boolean> {
    const body = JSON.stringify({ time_ms: Date.now(), events })
    try {
      const res = await fetch(opts.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pusher-key': opts.key, 'x-pusher-signature': hmacHex(opts.secret, body) },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
      })
      await res.body?.cancel()
      return res.ok
    } catch {
      return false
    }
  }

  async function deliver(events: TWebhookEvent[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (await post(events)) return
      if (attempt >= attempts || closed) {
        opts.onError?.('webhook dropped', { url: opts.url, events: events.length, attempts: attempt })
        return
      }
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 1000 * 2 ** (attempt - 1)).unref())])
    }
  }

  function flush(): void {
    timer = undefined
    while (queue.length) {
      const p = deliver(queue.splice(0, MAX_PER_POST)).finally(() => inFlight.delete(p))
      inFlight.add(p)
    }
  }

  return {
    send(e) {
      if (closed) return
      queue.push(e)
      if (queue.length > MAX_QUEUED) queue = queue.slice(-MAX_QUEUED)
      timer ??= setTimeout(flush, batchMs)
    },
    async close() {
      if (timer) clearTimeout(timer)
      flush()
      closed = true
      wake()
      await Promise.all([...inFlight])
    },
  }
}
