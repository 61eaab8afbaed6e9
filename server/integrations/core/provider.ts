import { z } from 'zod'
import { useConfig, type TConfig } from '../../lib/config'
import type { Prisma, TDb } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { useLogger } from '../../lib/log'
import { recordIntegrationCall } from './outbox'
import type { TIntegrationDriverKind } from '../../../shared/integration-outbox'

/**
 * How every external provider is declared (server/integrations/<provider>/):
 * its operations with zod inputs, the credentials it reads from the config, and a
 * live client that speaks the provider's protocol. With no credentials the
 * sandbox driver answers instead and records the call in the integration outbox,
 * so the whole platform runs offline and switches to the real provider by
 * configuration alone. Live calls are recorded too (sent or failed).
 */
export interface TOperationDef<I extends z.ZodType, R> {
  input: I
  /** Who the call reaches (address, phone, chat id), shown in the admin outbox. */
  recipient?: (input: z.output<I>) => string | undefined
  /** The sandbox's answer, shaped like the live client's result. */
  sandbox: (input: z.output<I>) => R
  /** What the outbox row keeps of the input (default: all of it); drop secrets and large blobs here. */
  record?: (input: z.output<I>) => unknown
}

/** Keeps the input and result types of one operation (an identity function for inference). */
export function defineOperation<I extends z.ZodType, R>(def: TOperationDef<I, R>): TOperationDef<I, R> {
  return def
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type TAnyOperation = TOperationDef<any, any>
export type TOperations = Record<string, TAnyOperation>
export type TOperationInput<D> = D extends TOperationDef<infer I, unknown> ? z.input<I> : never
export type TOperationParsed<D> = D extends TOperationDef<infer I, unknown> ? z.output<I> : never
export type TOperationResult<D> = D extends TOperationDef<z.ZodType, infer R> ? R : never

/** The live client: one function per operation, plus an optional close for pooled connections. */
export type TLiveClient<O extends TOperations> = {
  [K in keyof O]: (input: TOperationParsed<O[K]>) => Promise<TOperationResult<O[K]>>
} & { close?: () => void | Promise<void> }

export interface TProviderDef<O extends TOperations, C> {
  name: string
  operations: O
  /** The provider's credentials from the config, or undefined (then the sandbox answers). */
  credentials: (cfg: TConfig) => C | undefined
  live: (credentials: C, cfg: TConfig) => TLiveClient<O>
}

export interface TCallResult<R> {
  result: R
  driver: TIntegrationDriverKind
  outboxId: string | null
}

export interface TCallOptions {
  /** Where the outbox row is written (default: the root client, committed at once). */
  db?: TDb
  /** Stored on the outbox row: what this call delivers (see wasDelivered). */
  ref?: string
}

export interface TProvider<O extends TOperations> {
  name: string
  operations: O
  /** Which driver a call made now would use. */
  driver: () => TIntegrationDriverKind
  call: <K extends keyof O & string>(
    operation: K,
    input: TOperationInput<O[K]>,
    opts?: TCallOptions,
  ) => Promise<TCallResult<TOperationResult<O[K]>>>
  /** Drops the cached live client (tests that change the config; shutdown). */
  reset: () => Promise<void>
}

/** Outbox payloads are jsonb: a Date becomes its ISO string, undefined fields are dropped. */
function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as Prisma.InputJsonValue
}

function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e)
  const code = (e as { code?: unknown }).code
  return typeof code === 'string' && !e.message.includes(code) ? `${e.message} [${code}]` : e.message
}

export function defineProvider<O extends TOperations, C>(def: TProviderDef<O, C>): TProvider<O> {
  const log = useLogger(`integration:${def.name}`)
  let cached: { key: string; client: TLiveClient<O> } | undefined

  function liveClient(creds: C, cfg: TConfig): TLiveClient<O> {
    // A new client when the credentials change, so a config reload takes effect.
    const key = JSON.stringify(creds)
    if (cached?.key !== key) {
      void cached?.client.close?.()
      cached = { key, client: def.live(creds, cfg) }
    }
    return cached.client
  }

  async function call<K extends keyof O & string>(
    operation: K,
    input: TOperationInput<O[K]>,
    opts: TCallOptions = {},
  ): Promise<TCallResult<TOperationResult<O[K]>>> {
    const op = def.operations[operation]
    if (!op) throw new AppError('INTERNAL', `Unknown operation ${def.name}.${operation}`)
    const parsed = op.input.safeParse(input)
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i: z.core.$ZodIssue) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }))
      throw new AppError('VALIDATION', `Invalid ${def.name}.${operation} input: ${fields.map((f: { path: string; message: string }) => `${f.path} (${f.message})`).join(', ')}`, { fields })
    }
    const data = parsed.data as TOperationParsed<O[K]>
    const recipient = op.recipient?.(data)
    const stored = (op.record ? op.record(data) : data) as unknown
    const base = { provider: def.name, operation, recipient, ref: opts.ref }
    const cfg = useConfig()
    const creds = def.credentials(cfg)

    if (creds === undefined) {
      const result = op.sandbox(data) as TOperationResult<O[K]>
      const outboxId = await recordIntegrationCall(
        { ...base, payload: toJson({ input: stored, result }), status: 'recorded', driver: 'sandbox' },
        opts.db,
      )
      log.info('sandbox call recorded', { operation, recipient, outboxId })
      return { result, driver: 'sandbox', outboxId }
    }

    const client = liveClient(creds, cfg)
    let result: TOperationResult<O[K]>
    try {
      result = await client[operation](data)
    } catch (e) {
      const error = describeError(e)
      const outboxId = await recordIntegrationCall(
        { ...base, payload: toJson({ input: stored }), status: 'failed', error, driver: 'live' },
        opts.db,
      ).catch((dbErr: unknown) => {
        log.error('could not record a failed call', { operation, err: describeError(dbErr) })
        return null
      })
      log.warn('live call failed', { operation, recipient, outboxId, err: error })
      throw new AppError('UNAVAILABLE', `The ${def.name} service did not accept the request. Please try again later.`, {
        messageKey: 'errors.unavailable',
        params: { provider: def.name, operation, outboxId },
        retryAfter: 30,
        cause: e,
      })
    }
    // The provider has it now: failing to write our record must not make the caller send again.
    const outboxId = await recordIntegrationCall(
      { ...base, payload: toJson({ input: stored, result }), status: 'sent', driver: 'live' },
      opts.db,
    ).catch((dbErr: unknown) => {
      log.error('sent, but could not record the call', { operation, recipient, err: describeError(dbErr) })
      return null
    })
    return { result, driver: 'live', outboxId }
  }

  return {
    name: def.name,
    operations: def.operations,
    driver: () => (def.credentials(useConfig()) === undefined ? 'sandbox' : 'live'),
    call,
    reset: async () => {
      const c = cached
      cached = undefined
      await c?.client.close?.()
    },
  }
}
