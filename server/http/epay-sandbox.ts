import { createError, getHeader, readBody, readMultipartFormData, setResponseStatus, type H3Event } from 'h3'
import { readLimitedRaw } from './body'

/** Epay's own requests are small forms; anything bigger is not one. */
const MAX_BODY_BYTES = 64 * 1024

/** An Epay-shaped answer (status and JSON body) of the sandbox Epay's HTTP front (server/routes/sandbox/epay). */
export interface TEpayHttpAnswer {
  status: number
  body: unknown
}

/** For the sandbox Epay's routes when it is off (Epay credentials configured): the paths do not exist. */
export function notFound(): never {
  throw createError({ statusCode: 404, statusMessage: 'Not Found' })
}

/** The form of a token request: x-www-form-urlencoded or multipart/form-data, as Epay takes both. */
export async function readForm(event: H3Event): Promise<Record<string, string>> {
  // The same bounded read as the API's bodies: a declared length above the limit is refused
  // unread, a chunked body once it passes it; the parsers below read that buffer.
  await readLimitedRaw(event, MAX_BODY_BYTES)
  const out: Record<string, string> = {}
  if ((getHeader(event, 'content-type') ?? '').includes('multipart/form-data')) {
    for (const part of (await readMultipartFormData(event)) ?? []) if (part.name && part.filename === undefined) out[part.name] = part.data.toString('utf8')
    return out
  }
  const body = (await readBody<Record<string, unknown> | undefined>(event)) ?? {}
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v
  return out
}

export function bearer(event: H3Event): string | undefined {
  const h = getHeader(event, 'authorization') ?? ''
  return h.startsWith('Bearer ') ? h.slice(7) : undefined
}

export function answer(event: H3Event, a: TEpayHttpAnswer): unknown {
  setResponseStatus(event, a.status)
  return a.body ?? ''
}
