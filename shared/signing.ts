import { z } from 'zod'
import { ZEmailSchema, ZPhoneSchema } from './auth'
import { isValidBin, isValidIin } from './identity-numbers'
import { ZPublicSignatureSchema, ZSignFileSchema } from './explorer'

/**
 * Signing requests: the owner of a file sends it to parties for qualified signatures.
 * Parties sign step by step: all parties of step 1 are invited at once and sign in any
 * order; step 2 is invited when every party of step 1 has signed, and so on. One step for
 * everyone is "in parallel", one party per step is "one after another".
 * Shared by the file page's form, the public signing page and the routes.
 */

export const SIGNING_REQUEST_STATUSES = ['active', 'completed', 'declined', 'cancelled', 'expired'] as const
export type TSigningRequestStatus = (typeof SIGNING_REQUEST_STATUSES)[number]
export const SIGNING_PARTY_STATUSES = ['waiting', 'invited', 'signed', 'declined'] as const
export type TSigningPartyStatus = (typeof SIGNING_PARTY_STATUSES)[number]

export const SIGNING_MAX_PARTIES = 20
export const SIGNING_MAX_DEADLINE_DAYS = 365

/** An optional text field: '' (an empty input) is absent. */
const optionalText = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), inner.optional())

export const ZSigningPartyInputSchema = z
  .object({
    name: z.string().trim().min(1).max(255),
    email: optionalText(ZEmailSchema),
    phone: optionalText(ZPhoneSchema),
    iin: optionalText(z.string().trim().refine(isValidIin, { params: { code: 'invalid_iin' }, message: 'not a valid IIN' })),
    bin: optionalText(z.string().trim().refine(isValidBin, { params: { code: 'invalid_bin' }, message: 'not a valid BIN' })),
    role: optionalText(z.string().trim().max(120)),
    /** 1, 2, ...: the parties of a step sign in parallel; the steps one after another. */
    step: z.number().int().min(1).max(SIGNING_MAX_PARTIES),
  })
  .refine((p) => p.email !== undefined || p.phone !== undefined, {
    path: ['email'],
    params: { code: 'email_or_phone_required' },
    message: 'an email or a phone number to send the link to',
  })
export type TSigningPartyInput = z.infer<typeof ZSigningPartyInputSchema>

/** A party's corrected contact (a mistyped email, a new phone): one of the two, the link goes there. */
export const ZPartyContactSchema = z
  .strictObject({ email: optionalText(ZEmailSchema), phone: optionalText(ZPhoneSchema) })
  .refine((p) => (p.email === undefined) !== (p.phone === undefined), {
    path: ['email'],
    params: { code: 'email_or_phone_required' },
    message: 'an email or a phone number to send the link to',
  })
export type TPartyContactInput = z.infer<typeof ZPartyContactSchema>

export const ZCreateSigningRequestSchema = z.strictObject({
  parties: z.array(ZSigningPartyInputSchema).min(1).max(SIGNING_MAX_PARTIES),
  message: optionalText(z.string().trim().max(1000)),
  /** The last moment to sign; unsigned parties then can no longer sign and the sender is told. */
  deadline: optionalText(z.iso.datetime({ offset: true })),
})
export type TCreateSigningRequestInput = z.infer<typeof ZCreateSigningRequestSchema>

export const ZDeclineSchema = z.strictObject({ reason: z.string().trim().min(1).max(1000) })
export type TDeclineInput = z.infer<typeof ZDeclineSchema>

/** A party's CMS: the same shape as signing in the cabinet, without a company workspace (the party's BIN decides). */
export const ZPartySignSchema = ZSignFileSchema.pick({ cms: true }).strict()
/** A member's QR signing of a file: for a company workspace (its BIN in the certificate) or as a person. */
export const ZStartFileEgovSchema = ZSignFileSchema.pick({ companyWorkspaceId: true }).strict()
export type TStartFileEgovInput = z.infer<typeof ZStartFileEgovSchema>
export type TPartySignInput = z.infer<typeof ZPartySignSchema>

export const ZSigningPartyViewSchema = z.object({
  id: z.string(),
  step: z.number().int(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  iin: z.string().nullable(),
  bin: z.string().nullable(),
  role: z.string().nullable(),
  status: z.enum(SIGNING_PARTY_STATUSES),
  declineReason: z.string().nullable(),
  invitedAt: z.iso.datetime().nullable(),
  remindedAt: z.iso.datetime().nullable(),
  actedAt: z.iso.datetime().nullable(),
})
export type TSigningPartyView = z.infer<typeof ZSigningPartyViewSchema>

export const ZSigningRequestViewSchema = z.object({
  id: z.string(),
  fileId: z.string(),
  version: z.number().int(),
  senderName: z.string(),
  message: z.string().nullable(),
  deadline: z.iso.datetime().nullable(),
  status: z.enum(SIGNING_REQUEST_STATUSES),
  createdAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  parties: z.array(ZSigningPartyViewSchema),
})
export type TSigningRequestView = z.infer<typeof ZSigningRequestViewSchema>

/** What an invitee's link shows: the document, who sent it, every party's turn (names and roles, no contacts). */
export const ZSigningInvitationSchema = z.object({
  status: z.enum(SIGNING_REQUEST_STATUSES),
  fileName: z.string(),
  size: z.number().int(),
  sha256: z.string().nullable(),
  senderName: z.string(),
  message: z.string().nullable(),
  deadline: z.iso.datetime().nullable(),
  /** The public verification page's code, once the file carries a signature. */
  verifyCode: z.string().nullable(),
  me: z.object({
    name: z.string(),
    role: z.string().nullable(),
    step: z.number().int(),
    status: z.enum(SIGNING_PARTY_STATUSES),
    /** The key must carry these (NCALayer offers only such keys). */
    iin: z.string().nullable(),
    bin: z.string().nullable(),
    declineReason: z.string().nullable(),
    actedAt: z.iso.datetime().nullable(),
  }),
  parties: z.array(z.object({ name: z.string(), role: z.string().nullable(), step: z.number().int(), status: z.enum(SIGNING_PARTY_STATUSES), actedAt: z.iso.datetime().nullable() })),
  signatures: z.array(ZPublicSignatureSchema),
  /** Whether this server signs by QR with eGov mobile (a service or its sandbox is configured). */
  egovQr: z.boolean(),
})
export type TSigningInvitation = z.infer<typeof ZSigningInvitationSchema>

export const EGOV_SIGN_STATUSES = ['waiting_scan', 'waiting_signature', 'signed', 'failed', 'expired', 'cancelled'] as const
export type TEgovSignStatus = (typeof EGOV_SIGN_STATUSES)[number]
export const EGOV_SIGN_FINAL: readonly TEgovSignStatus[] = ['signed', 'failed', 'expired', 'cancelled']

/** One signing by QR as the page shows it: the QR to scan (or the app to open) and where it stands. */
export const ZEgovSignSessionSchema = z.object({
  id: z.uuid(),
  status: z.enum(EGOV_SIGN_STATUSES),
  /** The QR as an image data URL, to show while nobody has scanned it. */
  qrImage: z.string(),
  /** Same-device links: open eGov mobile / eGov Business on this phone instead of scanning. */
  mobileLink: z.string().nullable(),
  businessLink: z.string().nullable(),
  scanDeadline: z.iso.datetime(),
  signDeadline: z.iso.datetime().nullable(),
  /** Why it failed: a message key (errors.signature.*, errors.explorer.*, errors.egov.*) and its params. */
  error: z.object({ key: z.string(), params: z.record(z.string(), z.unknown()) }).nullable(),
})
export type TEgovSignSession = z.infer<typeof ZEgovSignSessionSchema>

export const ZSigningDocumentLinkSchema = z.object({ url: z.string(), expiresAt: z.iso.datetime(), fileName: z.string() })

/** Steps as typed (1, 3, 3, 7) become 1, 2, 2, 3: no empty step holds the request up. */
export function compactSteps(steps: readonly number[]): number[] {
  const order = [...new Set(steps)].sort((a, b) => a - b)
  return steps.map((s) => order.indexOf(s) + 1)
}

/** The sandbox phone's signer (pages/sandbox/egov/[id].vue): who the test certificate is issued to. */
export const ZSandboxEgovSignSchema = z.strictObject({
  name: z.string().trim().min(3).max(120),
  iin: z.string().regex(/^\d{12}$/),
  bin: z.string().regex(/^\d{12}$/).optional(),
  organization: z.string().trim().max(200).optional(),
})
export type TSandboxEgovSign = z.infer<typeof ZSandboxEgovSignSchema>
