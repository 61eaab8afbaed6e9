import { z } from 'zod'

/**
 * The file cabinet's inputs and views, shared by the explorer routes and the files page.
 * A file belongs to a workspace (the personal space or a company's); its bytes are a
 * version stored in S3, scanned by the antivirus before anyone else may have them.
 */

export const FILE_STATUSES = ['uploading', 'scanning', 'clean', 'infected'] as const
export type TFileStatus = (typeof FILE_STATUSES)[number]

/**
 * What may be stored, by what the bytes are (magic numbers), with the names' extensions
 * that may carry each. A name whose extension says one kind over bytes of another is refused.
 * Text has no magic number: it is accepted when the bytes are UTF-8 without control characters.
 */
export const FILE_KINDS = {
  pdf: { mime: 'application/pdf', ext: ['pdf'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: ['docx'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: ['xlsx'] },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: ['pptx'] },
  odt: { mime: 'application/vnd.oasis.opendocument.text', ext: ['odt'] },
  ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', ext: ['ods'] },
  // Word 97–2003 and Excel 97–2003 are both a compound file (CFB): the bytes cannot tell them apart.
  cfb: { mime: 'application/x-cfb', ext: ['doc', 'xls', 'ppt'] },
  rtf: { mime: 'application/rtf', ext: ['rtf'] },
  png: { mime: 'image/png', ext: ['png'] },
  jpg: { mime: 'image/jpeg', ext: ['jpg', 'jpeg'] },
  gif: { mime: 'image/gif', ext: ['gif'] },
  webp: { mime: 'image/webp', ext: ['webp'] },
  tif: { mime: 'image/tiff', ext: ['tif', 'tiff'] },
  zip: { mime: 'application/zip', ext: ['zip'] },
  txt: { mime: 'text/plain', ext: ['txt', 'csv', 'md', 'xml', 'json'] },
} as const satisfies Record<string, { mime: string; ext: readonly string[] }>
export type TFileKind = keyof typeof FILE_KINDS

export const ALLOWED_EXTENSIONS: readonly string[] = Object.values(FILE_KINDS).flatMap((k) => k.ext)

/** The extension of a file name, lower case, without the dot ('' when there is none). */
export function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name)
  return m ? m[1]!.toLowerCase() : ''
}

/** The kind a name claims by its extension, or null when we do not store that kind. */
export function kindOfName(name: string): TFileKind | null {
  const ext = extensionOf(name)
  for (const [kind, def] of Object.entries(FILE_KINDS) as [TFileKind, (typeof FILE_KINDS)[TFileKind]][]) {
    if ((def.ext as readonly string[]).includes(ext)) return kind
  }
  return null
}

/** What a person may call a file or a folder: no path separators, no control characters, not `.`/`..`. */
export const ZEntryNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((n) => !/[/\\\p{Cc}]/u.test(n), 'no_slashes')
  .refine((n) => n !== '.' && n !== '..', 'reserved_name')

export const ZFolderViewSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  trashedAt: z.iso.datetime().nullable(),
})
export type TFolderView = z.infer<typeof ZFolderViewSchema>

export const ZFileViewSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  folderId: z.string().nullable(),
  name: z.string(),
  version: z.number().int(),
  size: z.number().int(),
  mimeType: z.string(),
  status: z.enum(FILE_STATUSES),
  /** The antivirus signature that matched, for an infected file. */
  threat: z.string().nullable(),
  sha256: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  trashedAt: z.iso.datetime().nullable(),
  signatureCount: z.number().int(),
})
export type TFileView = z.infer<typeof ZFileViewSchema>

export const ZListQuerySchema = z.object({
  workspaceId: z.uuid(),
  folderId: z.uuid().optional(),
  /** `trash`: what is in the workspace's trash (its top entries), instead of a folder. */
  view: z.enum(['files', 'trash']).default('files'),
})

export const ZListingSchema = z.object({
  workspaceId: z.string(),
  folder: ZFolderViewSchema.nullable(),
  /** From the root down to the folder itself (breadcrumbs). */
  path: z.array(ZFolderViewSchema),
  folders: z.array(ZFolderViewSchema),
  files: z.array(ZFileViewSchema),
  usage: z.object({ bytes: z.number().int(), quotaBytes: z.number().int() }),
  /** Days a trashed entry stays before the purge; and the largest upload, bytes. */
  trashDays: z.number().int(),
  maxFileBytes: z.number().int(),
})
export type TListing = z.infer<typeof ZListingSchema>

export const ZCreateFolderSchema = z.strictObject({
  workspaceId: z.uuid(),
  parentId: z.uuid().nullish(),
  name: ZEntryNameSchema,
})
export type TCreateFolderInput = z.infer<typeof ZCreateFolderSchema>

/** Rename, move (parentId/folderId null = the root), or both. */
export const ZUpdateFolderSchema = z.strictObject({ name: ZEntryNameSchema.optional(), parentId: z.uuid().nullable().optional() })
export const ZUpdateFileSchema = z.strictObject({ name: ZEntryNameSchema.optional(), folderId: z.uuid().nullable().optional() })
export type TUpdateFolderInput = z.infer<typeof ZUpdateFolderSchema>
export type TUpdateFileInput = z.infer<typeof ZUpdateFileSchema>

export const ZCreateUploadSchema = z.strictObject({
  workspaceId: z.uuid(),
  folderId: z.uuid().nullish(),
  name: ZEntryNameSchema,
  /** Exactly the number of bytes the browser will PUT; confirmation checks it. */
  size: z.number().int().min(1),
})
export type TCreateUploadInput = z.infer<typeof ZCreateUploadSchema>

export const ZUploadTicketSchema = z.object({
  file: ZFileViewSchema,
  upload: z.object({
    url: z.string(),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.iso.datetime(),
  }),
})
export type TUploadTicket = z.infer<typeof ZUploadTicketSchema>

export const ZFileDownloadSchema = z.object({ url: z.string(), expiresAt: z.iso.datetime(), fileName: z.string() })

/** What the signature check found, per signer; the reasons have texts under errors.signature.* */
export const SIGNATURE_PROBLEMS = [
  'cms_malformed',
  'no_signers',
  'content_missing',
  'content_mismatch',
  'signature_invalid',
  'untrusted',
  'cert_expired',
  'cert_not_yet_valid',
  'cert_revoked',
  'unsupported_algorithm',
  'wrong_key_usage',
] as const
export type TSignatureProblemCode = (typeof SIGNATURE_PROBLEMS)[number]

/** A CMS in base64 (DER). 4 MiB of base64 holds any detached signature with its chain. */
export const ZSignFileSchema = z.strictObject({
  cms: z
    .string()
    .trim()
    .min(16)
    .max(4 * 1024 * 1024)
    .regex(/^[A-Za-z0-9+/=\r\n]+$/, 'not_base64'),
  /** Sign as this company workspace: the certificate must carry its BIN. */
  companyWorkspaceId: z.uuid().optional(),
})
export type TSignFileInput = z.infer<typeof ZSignFileSchema>

export const ZSignatureViewSchema = z.object({
  id: z.string(),
  fileId: z.string(),
  version: z.number().int(),
  signedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  userId: z.string().nullable(),
  companyWorkspaceId: z.string().nullable(),
  commonName: z.string().nullable(),
  iin: z.string().nullable(),
  bin: z.string().nullable(),
  organization: z.string().nullable(),
  keyUser: z.array(z.string()),
  serialNumber: z.string(),
  issuerDn: z.string(),
  notBefore: z.iso.datetime(),
  notAfter: z.iso.datetime(),
  revocation: z.enum(['good', 'revoked', 'not_checked']),
  signAlg: z.string(),
})
export type TSignatureView = z.infer<typeof ZSignatureViewSchema>

export const ZFileDetailSchema = ZFileViewSchema.extend({
  versions: z.array(
    z.object({ number: z.number().int(), size: z.number().int(), status: z.enum(FILE_STATUSES), createdAt: z.iso.datetime(), createdBy: z.string() }),
  ),
  signatures: z.array(ZSignatureViewSchema),
  /** The code of its public verification page (/verify/<code>); null until it is first signed. */
  verifyCode: z.string().nullable(),
  /** What the caller may do with it now (the page hides what they may not). */
  /** egovQr: signing by QR with eGov mobile is offered too (sign, and a QR service is configured). */
  can: z.object({ download: z.boolean(), sign: z.boolean(), edit: z.boolean(), egovQr: z.boolean() }),
})
export type TFileDetail = z.infer<typeof ZFileDetailSchema>

/** A signature as the public verification page shows it: the IIN masked, no account ids. */
export const ZPublicSignatureSchema = z.object({
  commonName: z.string().nullable(),
  iinMasked: z.string().nullable(),
  bin: z.string().nullable(),
  organization: z.string().nullable(),
  keyUser: z.array(z.string()),
  signedAt: z.iso.datetime().nullable(),
  serialNumber: z.string(),
  issuerDn: z.string(),
  notBefore: z.iso.datetime(),
  notAfter: z.iso.datetime(),
  revocation: z.enum(['good', 'revoked', 'not_checked']),
  /** The checks passed when it was stored (chain, digest, validity); a refused one is never stored. */
  valid: z.boolean(),
  problem: z.enum(SIGNATURE_PROBLEMS).nullable(),
})
export type TPublicSignature = z.infer<typeof ZPublicSignatureSchema>

export const ZVerificationSchema = z.object({
  code: z.string(),
  fileName: z.string(),
  version: z.number().int(),
  size: z.number().int(),
  sha256: z.string().nullable(),
  signatures: z.array(ZPublicSignatureSchema),
})
export type TVerification = z.infer<typeof ZVerificationSchema>

/** What checking an uploaded file and its .cms found (nothing is stored). */
export const ZUploadedVerificationSchema = z.object({
  sha256: z.string(),
  size: z.number().int(),
  valid: z.boolean(),
  problem: z.enum(SIGNATURE_PROBLEMS).nullable(),
  attached: z.boolean(),
  signatures: z.array(ZPublicSignatureSchema),
})
export type TUploadedVerification = z.infer<typeof ZUploadedVerificationSchema>

/** 900101300128 → 9001******28: enough to recognise one's own, not enough to harvest. */
export function maskIin(iin: string | null): string | null {
  return iin && iin.length === 12 ? `${iin.slice(0, 4)}******${iin.slice(10)}` : iin
}

/**
 * The "threat" of a version larger than the antivirus takes (CLAMD_STREAM_MAX_BYTES, clamd's
 * StreamMaxLength): it cannot be checked, so it is quarantined like an infected one (fail closed).
 */
export const UNSCANNED_TOO_LARGE = 'D24.Unscanned.TooLarge'

/** The realtime event on `private-workspace-<id>` when a file's state changes (scanned, signed, moved...). */
export const FILE_CHANGED_EVENT = 'explorer.file-changed'

/** A size for people: «1,5 МБ», «320 КБ». Our own unit names: Node's and the browser's ICU
 * name units differently (kk), and a server-rendered page must read the same in both. */
const BYTE_UNITS: Record<string, readonly string[]> = { ru: ['Б', 'КБ', 'МБ', 'ГБ'], kk: ['Б', 'КБ', 'МБ', 'ГБ'], en: ['B', 'KB', 'MB', 'GB'] }
export function formatBytes(bytes: number, locale: string): string {
  const units = BYTE_UNITS[locale] ?? BYTE_UNITS.en!
  let value = bytes
  let i = 0
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024
    i++
  }
  const n = i === 0 ? String(Math.round(value)) : (Math.round(value * 10) / 10).toString().replace('.', locale === 'en' ? '.' : ',')
  return `${n}\u00a0${units[i]}`
}

/** Anyone may check a document and its signature file on /verify: bounded, as the route is public. */
export const VERIFY_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
export const VERIFY_SIGNATURE_MAX_BYTES = 2 * 1024 * 1024

export const SHEET_LANGUAGES = ['ru', 'kk', 'en'] as const
export type TSheetLanguage = (typeof SHEET_LANGUAGES)[number]
/** GET …/signature-sheet: the language of the sheet, and whether it comes appended to the PDF itself. */
export const ZSignatureSheetQuerySchema = z.object({
  lang: z.enum(SHEET_LANGUAGES).default('ru'),
  append: z.enum(['0', '1']).default('0').transform((v) => v === '1'),
})

/** The PDF answered as it is (the same contract as a receipt). */
export { ZPdfFileSchema } from './billing-admin'
