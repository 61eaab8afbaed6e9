import { z } from 'zod'

/** Shared by routes and the domain: one definition per field. */
export const WORKSPACE_ROLES = ['owner', 'admin', 'member', 'viewer'] as const
export const ZWorkspaceRoleSchema = z.enum(WORKSPACE_ROLES)
export type TWorkspaceRole = z.infer<typeof ZWorkspaceRoleSchema>

/** Higher outranks lower; `minRole` checks compare these. */
export const ROLE_RANK: Record<TWorkspaceRole, number> = { viewer: 1, member: 2, admin: 3, owner: 4 }

export function roleAtLeast(role: TWorkspaceRole, min: TWorkspaceRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[min]
}

export const MODULES = ['constructor', 'explorer', 'registry', 'chat', 'amicus'] as const
export const ZModuleSchema = z.enum(MODULES)
export type TModule = z.infer<typeof ZModuleSchema>

const digits = (n: string) => z.string().trim().regex(new RegExp(`^\\d{${n}}$`), `must be ${n.replace(',', ' to ')} digits`)

/** Checksums are verified in the domain (region decides which numbers apply). */
export const ZCreateWorkspaceSchema = z.object({
  name: z.string().trim().min(1).max(200),
  bin: digits('12').optional(),
  inn: digits('10,12').optional(),
  ogrn: digits('13,15').optional(),
})
export type TCreateWorkspaceInput = z.infer<typeof ZCreateWorkspaceSchema>

export const ZUpdateWorkspaceSchema = z
  .object({ name: z.string().trim().min(1).max(200) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' })
export type TUpdateWorkspaceInput = z.infer<typeof ZUpdateWorkspaceSchema>

/**
 * verified: the workspace may act as the company its BIN/INN names. unverified: another
 * workspace already held that number when this one was created; it may not sign or
 * invoice as the company until a signature with a qualified certificate carrying the
 * number verifies it.
 */
export const COMPANY_VERIFICATION = ['verified', 'unverified'] as const
export const ZCompanyVerificationSchema = z.enum(COMPANY_VERIFICATION)
export type TCompanyVerification = z.infer<typeof ZCompanyVerificationSchema>

export const ZWorkspaceViewSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['personal', 'company']),
  name: z.string(),
  bin: z.string().nullable(),
  inn: z.string().nullable(),
  ogrn: z.string().nullable(),
  ownerId: z.uuid(),
  createdAt: z.iso.datetime(),
  role: ZWorkspaceRoleSchema,
  /** Always 'verified' for a personal workspace (it acts for its person, not a company). */
  companyVerification: ZCompanyVerificationSchema,
})
export type TWorkspaceView = z.infer<typeof ZWorkspaceViewSchema>

export const ZMemberViewSchema = z.object({
  userId: z.uuid(),
  role: ZWorkspaceRoleSchema,
  joinedAt: z.iso.datetime(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  groupIds: z.array(z.uuid()),
})
export type TMemberView = z.infer<typeof ZMemberViewSchema>

export const ZInviteViewSchema = z.object({
  id: z.uuid(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: ZWorkspaceRoleSchema,
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
})
export type TInviteView = z.infer<typeof ZInviteViewSchema>

export const ZGroupViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  memberIds: z.array(z.uuid()),
  createdAt: z.iso.datetime(),
})
export type TGroupView = z.infer<typeof ZGroupViewSchema>

export const ZModuleViewSchema = z.object({
  module: ZModuleSchema,
  active: z.boolean(),
  activatedAt: z.iso.datetime().nullable(),
  activatedBy: z.string().nullable(),
})
export type TModuleView = z.infer<typeof ZModuleViewSchema>

/** GET /api/workspace/invites/:token/preview: what the invitation link may show before sign-in, nothing more. */
export const ZInvitePreviewSchema = z.object({
  workspaceName: z.string(),
  role: ZWorkspaceRoleSchema,
  /** The inviter's name, else their email or phone (the invitee is meant to recognise them). */
  inviter: z.string(),
  expiresAt: z.iso.datetime(),
})
export type TInvitePreview = z.infer<typeof ZInvitePreviewSchema>
