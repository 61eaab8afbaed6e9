import { z } from 'zod'

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
  roles: z.array(z.string()),
  iin: z.string().nullable(),
  inn: z.string().nullable(),
  locale: z.string(),
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
})
export type TPublicUser = z.infer<typeof ZPublicUserSchema>

export const ZApiTokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
})
export type TApiTokenView = z.infer<typeof ZApiTokenViewSchema>

export const ZSessionViewSchema = z.object({
  id: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  current: z.boolean(),
})
export type TSessionView = z.infer<typeof ZSessionViewSchema>

export const ZLoginHistoryViewSchema = z.object({
  id: z.string(),
  success: z.boolean(),
  reason: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  at: z.string(),
})
export type TLoginHistoryView = z.infer<typeof ZLoginHistoryViewSchema>
