import { z } from 'zod'
import { IDENTIFIER_MAX, IDENTIFIER_MIN, PASSWORD_MAX } from './login-form'

/** Input schemas shared by the auth routes and the domain (one definition per field). */
export const ROLES = ['user', 'lawyer', 'operator', 'editor', 'admin'] as const
export const ZRoleSchema = z.enum(ROLES)
export type TRole = z.infer<typeof ZRoleSchema>

export const ZEmailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((v) => v.toLowerCase())

/** +7 numbers in E.164; spaces, dashes and brackets a person types are dropped first. */
export const ZPhoneSchema = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s\-()]/g, ''))
  .pipe(z.string().regex(/^\+7\d{10}$/, 'must be a +7 number in E.164 form, e.g. +77011234567'))

/** Rules beyond length are checked in password.ts so the message can list each problem. */
export const ZPasswordSchema = z.string().min(1).max(PASSWORD_MAX)

/** POST /api/auth/password/change. API tokens are revoked unless the person keeps them. */
export const ZChangePasswordSchema = z.object({
  currentPassword: ZPasswordSchema,
  newPassword: ZPasswordSchema,
  revokeApiTokens: z.boolean().default(true),
})
export type TChangePasswordInput = z.input<typeof ZChangePasswordSchema>

export const ZLocaleSchema = z.enum(['ru', 'kk', 'en'])

/**
 * The registration checkbox: the person accepts the terms and the privacy policy in the
 * versions of shared/legal.ts (stored with the time and IP in user_consents). Anything
 * but `true` is refused with the code `terms_required`.
 */
export const ZAcceptTermsSchema = z.boolean().refine((v) => v === true, { params: { code: 'terms_required' }, message: 'accept the terms and the privacy policy' })

/** POST /api/auth/register (the route) and the sign-up form. */
export const ZRegisterSchema = z.object({
  email: ZEmailSchema.optional(),
  phone: ZPhoneSchema.optional(),
  password: ZPasswordSchema,
  name: z.string().trim().min(1).max(200).optional(),
  iin: z.string().trim().optional(),
  inn: z.string().trim().optional(),
  locale: ZLocaleSchema.optional(),
  acceptTerms: ZAcceptTermsSchema,
})
export type TRegisterBody = z.input<typeof ZRegisterSchema>

export const ZPageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
})

/** Login by email or phone: the identifier decides which. */
export const ZIdentifierSchema = z
  .string()
  .trim()
  .min(IDENTIFIER_MIN)
  .max(IDENTIFIER_MAX)
  .transform((v) => (v.includes('@') ? v.toLowerCase() : v.replace(/[\s\-()]/g, '')))

/**
 * PATCH /api/auth/user. Absent = unchanged, '' = cleared (name, IIN, INN). The
 * checksums and which number the region asks are checked in update-user.ts, so
 * the refusal carries its own translated code (invalid_iin, iin_not_in_region...).
 */
const ZClearable = (max: number) => z.string().trim().max(max)
export const ZUpdateUserSchema = z
  .object({
    name: ZClearable(120).optional(),
    locale: ZLocaleSchema.optional(),
    iin: ZClearable(32).optional(),
    inn: ZClearable(32).optional(),
  })
  .strict()
export type TUpdateUserInput = z.infer<typeof ZUpdateUserSchema>

export const ZPhoneCodeSchema = z.string().trim().regex(/^\d{6}$/, 'must be 6 digits')

// The cookie names live in a module without zod: every page loads them (plugins/auth-refresh.ts).
export { REFRESH_COOKIE, REFRESH_MARKER_COOKIE, REFRESH_MAX_AGE_SECONDS } from './auth-cookies'
