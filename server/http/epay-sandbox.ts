import { createError, getHeader, readBody, readFormData, setResponseStatus, type H3Event } from 'h3'

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
  const length = Number(getHeader(event, 'content-length') ?? 0)
  if (length > MAX_BODY_BYTES) throw createError({ statusCode: 413, statusMessage: 'Payload Too Large' })
  const type = getHeader(event, 'content-type') ?? ''
  const out: Record<string, string> = {}
  if (type.includes('multipart/form-data')) {
    for (const [k, v] of (await readFormData(event)).entries()) if (typeof v === 'string') out[k] = v
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
