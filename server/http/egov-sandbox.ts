import { createError, setResponseStatus, type H3Event } from 'h3'
import { readLimitedRaw } from './body'

/** The sandbox eGov emulator's answer (server/integrations/egov-qr/emulator.ts), as its HTTP front sends it. */
export interface TEgovHttpAnswer {
  status: number
  body: unknown
}

/** What a sandbox front reads at most: the documents in base64 and their names (EGOV_EMULATOR_LIMITS.requestBytes). */
const MAX_REQUEST_BYTES = 42 * 1024 * 1024

/** For the sandbox eGov's routes while it is off (a live EGOV_QR_URL, or no sandbox CA): the paths do not exist. */
export function notFound(): never {
  throw createError({ statusCode: 404, statusMessage: 'Not Found' })
}

/** A JSON body within `limit` bytes (the same bounded read as the API's); `undefined` when it is not JSON. */
export async function readJson(event: H3Event, limit: number = MAX_REQUEST_BYTES): Promise<unknown> {
  const raw = await readLimitedRaw(event, limit)
  if (!raw || raw.length === 0) return undefined
  try {
    return JSON.parse(raw.toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

/** Aborts when the caller goes away before the answer: a held request stops waiting for it. */
export function callerGone(event: H3Event): AbortSignal {
  const ac = new AbortController()
  event.node.res.once('close', () => ac.abort())
  return ac.signal
}

/**
 * The emulator's answer, or for 'drop' no answer at all: the connection is closed as a
 * proxy's timeout would close it, and the caller retries (the protocol's clients do).
 */
export function answerOrDrop(event: H3Event, a: TEgovHttpAnswer | 'drop'): unknown {
  if (a === 'drop') {
    event.node.res.destroy()
    // Tells h3 the response is dealt with, so it does not write to the closed socket.
    ;(event as unknown as { _handled: boolean })._handled = true
    return undefined
  }
  setResponseStatus(event, a.status)
  return a.body
}

/** A phone action the emulator refused, as its status and message. */
export function phoneAction<T>(event: H3Event, act: () => T): T | { message: string } {
  try {
    return act()
  } catch (e) {
    return phoneRefusal(event, e)
  }
}

/** The emulator's EgovEmulatorError as its status and message; anything else is rethrown. */
export function phoneRefusal(event: H3Event, e: unknown): { message: string } {
  if (e instanceof Error && e.name === 'EgovEmulatorError' && typeof (e as { status?: unknown }).status === 'number') {
    setResponseStatus(event, (e as unknown as { status: number }).status)
    return { message: e.message }
  }
  throw e
}
