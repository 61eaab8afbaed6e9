import type { H3Event } from 'h3'
import { defineEventHandler, getQuery, getRouterParams, setResponseStatus } from 'h3'
import { z } from 'zod'
import { useConfig } from '../lib/config'
import { AppError, type TFieldIssue } from '../lib/errors'
import { sendError } from '../lib/error-response'
import { requireRole, requireUser } from './auth'
import { readLimitedBody, refuseDeclaredBody } from './body'
import { assertSafeInput } from './input-safety'

/**
 * Every /api route is declared with defineApiRoute: its zod schemas validate the
 * input at the edge (400 with the failing field paths) and are also the source of
 * the OpenAPI document (server/http/openapi.ts reads `route.contract`), so the
 * published contract cannot drift from what the code accepts.
 */
export type TAccess = 'public' | 'user' | 'admin' | 'internal'

export interface TRouteContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  summary: string
  description?: string
  tags?: string[]
  /** Who may call it; enforced by the guard the handler calls, documented here for the API audit. */
  access: TAccess
  params?: P
  query?: Q
  body?: B
  response?: R
  /** Success status (default 200). */
  status?: number
  /** Largest request body in bytes (default BODY_LIMIT_BYTES); a route taking uploads raises it. */
  bodyLimit?: number
}

export interface TApiInput<P, Q, B> {
  params: P
  query: Q
  body: B
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined
/** A route without a `response` schema may answer any JSON (it is then undocumented in OpenAPI). */
type InferResponse<T> = T extends z.ZodType ? z.infer<T> : unknown

export type TApiHandler = ReturnType<typeof defineEventHandler> & { contract: TRouteContract }

function issues(where: string, error: z.ZodError): TFieldIssue[] {
  return error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.message,
    code: i.code,
  }))
}

function parsePart<T extends z.ZodType | undefined>(where: string, schema: T, value: unknown): Infer<T> {
  if (!schema) return undefined as Infer<T>
  // Text PostgreSQL cannot store is refused here for every route, before its schema;
  // the parsed value is checked again for dates the schema coerced out of range.
  assertSafeInput(where, value)
  const r = schema.safeParse(value)
  if (!r.success) {
    const fields = issues(where, r.error)
    throw new AppError('VALIDATION', `Invalid ${where}: ${fields.map((f) => `${f.path} (${f.message})`).join(', ')}`, {
      messageKey: 'errors.validation',
      fields,
    })
  }
  assertSafeInput(where, r.data)
  return r.data as Infer<T>
}

export function defineApiRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
>(
  contract: TRouteContract & { params?: P; query?: Q; body?: B; response?: R },
  handler: (event: H3Event, input: TApiInput<Infer<P>, Infer<Q>, Infer<B>>) => Promise<InferResponse<R>> | InferResponse<R>,
): TApiHandler {
  const h = defineEventHandler(async (event) => {
    try {
      // The declared access is enforced here, before the input is even parsed, so a
      // route cannot forget its guard and anonymous callers learn nothing about the
      // input schema. Handlers still call a guard to get their typed context (cached
      // per request, so it costs no second lookup).
      // The size limit comes first: a body above it is refused on its Content-Length,
      // from anyone, before authentication or a byte of it is read.
      const bodyLimit = contract.bodyLimit ?? useConfig().BODY_LIMIT_BYTES
      refuseDeclaredBody(event, bodyLimit)
      if (contract.access === 'user' || contract.access === 'internal') await requireUser(event)
      else if (contract.access === 'admin') await requireRole(event, 'admin')
      const params = parsePart('params', contract.params, getRouterParams(event, { decode: true })) as Infer<P>
      const query = parsePart('query', contract.query, getQuery(event)) as Infer<Q>
      const body = contract.body ? parsePart('body', contract.body, await readLimitedBody(event, bodyLimit)) : (undefined as Infer<B>)
      const result = await handler(event, { params, query, body })
      if (contract.status) setResponseStatus(event, contract.status)
      return result
    } catch (e) {
      return sendError(event, e)
    }
  }) as TApiHandler
  h.contract = contract as TRouteContract
  return h
}
