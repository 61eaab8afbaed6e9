import { z } from 'zod'

/**
 * The one error type of the platform. Domains throw AppError with a code; the
 * HTTP layer maps the code to a status in one place (STATUS_BY_CODE) and shows
 * the message key to people in their language.
 */
export const AppErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  VALIDATION: 'VALIDATION',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA: 'UNSUPPORTED_MEDIA',
  RATE_LIMITED: 'RATE_LIMITED',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const

export type TAppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode]

export const STATUS_BY_CODE: Record<TAppErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA: 415,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
}

/**
 * The body of every error answer (AppError.toBody), published in /openapi.json as
 * the Error schema; a test validates real 4xx answers against it.
 */
export const ZApiErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.values(AppErrorCode) as [TAppErrorCode, ...TAppErrorCode[]]),
    message: z.string(),
    messageKey: z.string(),
    params: z.record(z.string(), z.unknown()).optional(),
    fields: z
      .array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() }))
      .optional(),
  }),
})
export type TApiErrorBody = z.infer<typeof ZApiErrorBodySchema>

export interface TFieldIssue {
  /** Dotted path of the failing field, e.g. `body.email` or `query.page`. */
  path: string
  message: string
  code?: string
}

export interface TAppErrorOptions {
  /** i18n key (locales/*.json, under `errors.`) for the message a person sees. */
  messageKey?: string
  params?: Record<string, unknown>
  fields?: TFieldIssue[]
  /** Seconds, for RATE_LIMITED and UNAVAILABLE. */
  retryAfter?: number
  cause?: unknown
}

export class AppError extends Error {
  readonly code: TAppErrorCode
  readonly messageKey: string
  readonly params?: Record<string, unknown>
  readonly fields?: TFieldIssue[]
  readonly retryAfter?: number

  constructor(code: TAppErrorCode, message: string, opts: TAppErrorOptions = {}) {
    super(message, { cause: opts.cause })
    this.name = 'AppError'
    this.code = code
    this.messageKey = opts.messageKey ?? `errors.${code.toLowerCase()}`
    this.params = opts.params
    this.fields = opts.fields
    this.retryAfter = opts.retryAfter
  }

  get status(): number {
    return STATUS_BY_CODE[this.code]
  }

  /** The JSON body every API error answers with. */
  toBody(): TApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        messageKey: this.messageKey,
        ...(this.params ? { params: this.params } : {}),
        ...(this.fields ? { fields: this.fields } : {}),
      },
    }
  }

  static notFound(what: string, opts?: TAppErrorOptions) {
    return new AppError('NOT_FOUND', `${what} not found`, { messageKey: 'errors.not_found', ...opts })
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}
