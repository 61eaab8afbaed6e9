import type { EventHandler, EventHandlerRequest, H3Event } from 'h3'
import { defineEventHandler, getQuery, getRouterParams, setResponseStatus } from 'h3'
import { z } from 'zod'
import type { TAuthContext } from '../domains/auth'
import { AppError, isAppError, type TFieldIssue } from '../lib/errors'
import { useConfig } from '../lib/config'
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

/** The 4xx answers a route may give besides its success (5xx are always possible). */
export type TErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503

export interface TRouteContract<
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType = z.ZodType,
  A extends TAccess = TAccess,
> {
  summary: string
  description?: string
  tags?: string[]
  /** Who may call it; enforced by defineApiRoute before the input is parsed. */
  access: A
  params?: P
  query?: Q
  body?: B
  /** What the route answers on success: documented in OpenAPI, and checked against every real answer under NODE_ENV=test. */
  response: R
  /**
   * The error statuses the handler itself can answer (404, 409, 429...). The ones the
   * wrapper causes are added by `errorStatuses()`: 400 with an input schema, 413/415
   * with a body, 401 when not public, 403 for admin. Under NODE_ENV=test an undeclared 4xx becomes a 500.
   */
  errors: readonly TErrorStatus[]
  /** Success status (default 200). */
  status?: number
  /** Largest request body in bytes (default BODY_LIMIT_BYTES); a route taking uploads raises it. */
  bodyLimit?: number
  /** Media type of the success answer when it is not JSON (a file: `application/pdf`); the handler sets the header. */
  contentType?: string
}

/** The caller the contract's guard resolved: null on public routes (use getCurrentUser there). */
export type TGuardContext<A extends TAccess> = A extends 'public' ? null : TAuthContext

export interface TApiInput<P, Q, B, A extends TAccess = TAccess> {
  params: P
  query: Q
  body: B
  /** The guard's result, so a handler never runs the guard (and its lookup) a second time. */
  auth: TGuardContext<A>
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined

/**
 * An h3 handler typed with the route's response, so Nitro's generated route types
 * (and with them `$fetch`/`useFetch` in pages) infer what each route answers.
 */
export type TApiHandler<T = unknown> = EventHandler<EventHandlerRequest, Promise<T>> & { contract: TRouteContract }

/** Every 4xx the route may answer: the declared ones plus the ones its contract implies. */
export function errorStatuses(contract: Pick<TRouteContract, 'access' | 'params' | 'query' | 'body' | 'errors'>): TErrorStatus[] {
  const out = new Set<TErrorStatus>(contract.errors)
  if (contract.params || contract.query || contract.body) out.add(400)
  // Reading a body can fail before the schema runs: too large, or not JSON.
  if (contract.body) {
    out.add(413)
    out.add(415)
  }
  if (contract.access !== 'public') out.add(401)
  if (contract.access === 'admin') out.add(403)
  return [...out].sort((a, b) => a - b)
}

/** Only under NODE_ENV=test: the contract is a promise, and the suite holds every route to it. */
function checkedInTests(): boolean {
  return useConfig().NODE_ENV === 'test'
}

function assertResponse(contract: TRouteContract, result: unknown): void {
  const r = contract.response.safeParse(result)
  if (!r.success) {
    const where = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
    throw new Error(`Response does not match the declared schema of "${contract.summary}": ${where}`)
  }
}

function assertDeclaredError(contract: TRouteContract, e: unknown): void {
  if (!isAppError(e) || e.status >= 500) return
  if (!errorStatuses(contract).includes(e.status as TErrorStatus)) {
    throw new Error(`"${contract.summary}" answered ${e.status} ${e.code}, which its contract does not declare in \`errors\``, { cause: e })
  }
}

function issues(where: string, error: z.ZodError): TFieldIssue[] {
  return error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.message,
    // A rule's own code (params.code: invalid_iin, email_or_phone_required) names the problem; "custom" does not.
    code: i.code === 'custom' && typeof (i.params as { code?: unknown } | undefined)?.code === 'string' ? (i.params as { code: string }).code : i.code,
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
  R extends z.ZodType,
  A extends TAccess,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  contract: TRouteContract<P, Q, B, R, A>,
  handler: (event: H3Event, input: TApiInput<Infer<P>, Infer<Q>, Infer<B>, A>) => Promise<z.infer<R>> | z.infer<R>,
): TApiHandler<z.infer<R>> {
  const h = defineEventHandler(async (event) => {
    try {
      // The declared access is enforced here, before the input is even parsed, so a
      // route cannot forget its guard and anonymous callers learn nothing about the
      // input schema. The handler gets the resolved caller as `auth`.
      // The size limit comes first: a body above it is refused on its Content-Length,
      // from anyone, before authentication or a byte of it is read.
      const bodyLimit = contract.bodyLimit ?? useConfig().BODY_LIMIT_BYTES
      refuseDeclaredBody(event, bodyLimit)
      let auth: TAuthContext | null = null
      if (contract.access === 'user' || contract.access === 'internal') auth = await requireUser(event)
      else if (contract.access === 'admin') auth = await requireRole(event, 'admin')
      const params = parsePart('params', contract.params, getRouterParams(event, { decode: true })) as Infer<P>
      const query = parsePart('query', contract.query, getQuery(event)) as Infer<Q>
      const body = contract.body ? parsePart('body', contract.body, await readLimitedBody(event, bodyLimit)) : (undefined as Infer<B>)
      const result = await handler(event, { params, query, body, auth: auth as TGuardContext<A> })
      if (checkedInTests()) assertResponse(contract as TRouteContract, result)
      if (contract.status) setResponseStatus(event, contract.status)
      return result
    } catch (e) {
      if (checkedInTests()) {
        try {
          assertDeclaredError(contract as TRouteContract, e)
        } catch (undeclared) {
          return sendError(event, undeclared) as z.infer<R>
        }
      }
      // The error body is not the success type; clients tell them apart by status.
      return sendError(event, e) as z.infer<R>
    }
  }) as TApiHandler<z.infer<R>>
  h.contract = contract as TRouteContract
  return h
}
