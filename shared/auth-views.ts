import { z } from 'zod'
import { ZRoleSchema } from './auth'

/**
 * What the auth routes answer, shared by the routes (contract, OpenAPI) and the
 * profile pages. Never a password hash or a token hash.
 */
export const ZPublicUserSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  name: z.string().nullable(),
  status: z.enum(['pending', 'active', 'blocked']),
  roles: z.array(ZRoleSchema),
  iin: z.string().nullable(),
  inn: z.string().nullable(),
  locale: z.string(),
  createdAt: z.iso.datetime(),
  activatedAt: z.iso.datetime().nullable(),
})
export type TPublicUser = z.infer<typeof ZPublicUserSchema>

export const ZApiTokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
})
export type TApiTokenView = z.infer<typeof ZApiTokenViewSchema>

/** The browser and system a User-Agent names (null when it does not say). */
export const ZDeviceViewSchema = z.object({
  browser: z.string().nullable(),
  os: z.string().nullable(),
  mobile: z.boolean(),
})
export type TDeviceView = z.infer<typeof ZDeviceViewSchema>

/**
 * Where an address is: `local` for a private or loopback network, else the country's
 * ISO 3166-1 alpha-2 code (the page names it in its language). null when unknown.
 */
export const ZPlaceViewSchema = z.object({
  local: z.boolean(),
  country: z.string().length(2).nullable(),
})
export type TPlaceView = z.infer<typeof ZPlaceViewSchema>

export const ZSessionViewSchema = z.object({
  id: z.string(),
  ip: z.string().nullable(),
  place: ZPlaceViewSchema.nullable(),
  userAgent: z.string().nullable(),
  device: ZDeviceViewSchema,
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime(),
  current: z.boolean(),
})
export type TSessionView = z.infer<typeof ZSessionViewSchema>

export const ZLoginHistoryViewSchema = z.object({
  id: z.string(),
  success: z.boolean(),
  reason: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  device: ZDeviceViewSchema,
  at: z.iso.datetime(),
})
export type TLoginHistoryView = z.infer<typeof ZLoginHistoryViewSchema>

/** A page of a list: the rows and where they are in the whole. */
function paged<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
}

export const ZUserPageSchema = paged(ZPublicUserSchema)
export const ZLoginHistoryPageSchema = paged(ZLoginHistoryViewSchema)
export const ZSessionListSchema = z.object({ items: z.array(ZSessionViewSchema) })
export const ZSessionsEndedSchema = z.object({ ended: z.number().int() })
export const ZApiTokenListSchema = z.object({ items: z.array(ZApiTokenViewSchema) })
/** The token value is in this answer only. */
export const ZApiTokenCreatedSchema = ZApiTokenViewSchema.extend({ token: z.string() })
export type TApiTokenCreated = z.infer<typeof ZApiTokenCreatedSchema>

/** How a link or code went out; outside production it also carries the secret (`devToken`, `link`). */
export const ZDeliverySchema = z.object({
  channel: z.enum(['email', 'phone']),
  // Queued for the worker (it sends after the request commits), not sent yet.
  queued: z.boolean(),
  devToken: z.string().optional(),
  link: z.string().optional(),
})

export const ZTokenPairSchema = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: z.iso.datetime(),
  /** Absent when it went into the HttpOnly cookie instead (the web app asks so). */
  refreshToken: z.string().optional(),
  sessionId: z.string(),
})
export type TTokenPairView = z.infer<typeof ZTokenPairSchema>
export const ZLoginResultSchema = ZTokenPairSchema.extend({ user: ZPublicUserSchema })
export const ZRegisterResultSchema = z.object({ user: ZPublicUserSchema, verification: ZDeliverySchema })
export const ZUserResultSchema = z.object({ user: ZPublicUserSchema })
export const ZOkSchema = z.object({ ok: z.literal(true) })
/** Answers that may send a secret: in production only `{ ok: true }` (no hint whether the account exists). */
export const ZOkDeliverySchema = z.object({ ok: z.literal(true), delivery: ZDeliverySchema.optional() })
export const ZChangeRequestedSchema = z.object({ ok: z.literal(true), delivery: ZDeliverySchema })
export type TChangeRequested = z.infer<typeof ZChangeRequestedSchema>
export const ZPasswordChangedSchema = z.object({ ok: z.literal(true), revokedSessions: z.number().int(), revokedApiTokens: z.number().int() })
