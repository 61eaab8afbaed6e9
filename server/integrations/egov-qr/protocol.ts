import { z } from 'zod'

/**
 * Signing with eGov mobile by QR through a SIGEX-style service (../shared/PROTOCOLS.md
 * "eGov mobile QR signing"; field names from SIGEX's public client library): the wire
 * shapes and their mapping, shared by the live client, the emulator behind the test
 * fake and the sandbox, so all three read and write the same things. What the public
 * sources leave open is read leniently and marked "assumed".
 */

export const EGOV_QR_REGISTER_PATH = '/api/egovQr'

export const EGOV_QR_SIGN_METHODS = ['CMS_SIGN_ONLY', 'CMS_WITH_DATA'] as const
export type TEgovQrSignMethod = (typeof EGOV_QR_SIGN_METHODS)[number]

/** A document's `mime`: PDF is shown as such on the phone; anything else goes as opaque bytes (''). */
export const EGOV_QR_PDF_MIME = '@file/pdf'

// --- base64 ---------------------------------------------------------------------------

const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/

/** Java's MIME encoder wraps lines; what we pass on must not carry the breaks. */
export function stripBase64(text: string): string {
  return /\s/.test(text) ? text.replace(/\s+/g, '') : text
}

/** Standard (not url-safe) base64 with its data non-empty; padding may be left out, a length that cannot be base64 may not. */
export function isBase64(text: string): boolean {
  if (!BASE64_RE.test(text)) return false
  const padded = text.endsWith('=')
  return padded ? text.length % 4 === 0 : text.length % 4 !== 1
}

/** The decoded size, without decoding (a limit must be checked before the bytes exist). */
export function base64Bytes(text: string): number {
  const n = text.replace(/=+$/, '').length
  return Math.floor((n * 3) / 4)
}

const ZBase64 = z
  .string()
  .transform(stripBase64)
  .refine(isBase64, { message: 'must be non-empty base64' })

// --- URLs -----------------------------------------------------------------------------

function parsedUrl(text: string): URL | null {
  try {
    return new URL(text)
  } catch {
    return null
  }
}

export function isHttpUrl(text: string): boolean {
  const u = parsedUrl(text)
  return u !== null && (u.protocol === 'http:' || u.protocol === 'https:')
}

/** Schemes that would run or read something in our page if a launch link from the provider landed in an href. */
const UNSAFE_LINK_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:'])

/**
 * A launch link as we may put it in a page: any absolute URL (app links may use their own
 * scheme) except the ones above; anything else is dropped rather than failing the procedure,
 * since scanning the QR works without it.
 */
export function safeLaunchLink(v: string | null | undefined): string | null {
  const t = v?.trim()
  if (!t) return null
  const u = parsedUrl(t)
  return u && !UNSAFE_LINK_SCHEMES.has(u.protocol) ? t : null
}

// --- answers --------------------------------------------------------------------------

/**
 * The provider's error, whatever the HTTP status: SIGEX's client treats any answer with a
 * truthy `message` as failed, even a 200, so we do too. Null when there is none.
 */
export function errorMessageOf(json: unknown): string | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null
  const m = (json as { message?: unknown }).message
  if (!m) return null
  return typeof m === 'string' ? m : JSON.stringify(m)
}

/** `POST {base}/api/egovQr`. Unknown fields pass; the ones a signing cannot do without are required. */
export const ZEgovQrRegisterAnswerSchema = z.looseObject({
  /** A base64 image (a GIF at SIGEX, a PNG from our emulator). */
  qrCode: ZBase64,
  dataURL: z.string().refine(isHttpUrl, { message: 'must be an absolute http(s) URL' }),
  signURL: z.string().refine(isHttpUrl, { message: 'must be an absolute http(s) URL' }),
  /** Milliseconds since the epoch. Optional: without it our own deadline is the only one. */
  expireAt: z.union([z.number(), z.string()]).nullish().catch(null),
  /** Assumed names of the same-device launch links (the public sources show the links, not their keys). */
  eGovMobileLaunchLink: z.string().nullish().catch(null),
  eGovBusinessLaunchLink: z.string().nullish().catch(null),
})
export type TEgovQrRegisterAnswer = z.output<typeof ZEgovQrRegisterAnswerSchema>

export const ZEgovQrMetaSchema = z.object({ name: z.string(), value: z.string() })

export const ZEgovQrFileSchema = z.object({
  mime: z.enum(['', EGOV_QR_PDF_MIME]),
  data: ZBase64,
})

export const ZEgovQrDocumentSchema = z.object({
  /** 1-based; the signatures come back in the order of the list, not keyed by id. */
  id: z.number().int().min(1),
  nameRu: z.string().min(1),
  nameKz: z.string().min(1),
  nameEn: z.string().min(1),
  meta: z.array(ZEgovQrMetaSchema).default([]),
  document: z.object({ file: ZEgovQrFileSchema }),
})
export type TEgovQrWireDocument = z.output<typeof ZEgovQrDocumentSchema>

/** `POST {dataURL}`: what we send, and what the emulator checks it receives. */
export const ZEgovQrDataRequestSchema = z.object({
  signMethod: z.enum(EGOV_QR_SIGN_METHODS),
  documentsToSign: z
    .array(ZEgovQrDocumentSchema)
    .min(1)
    .refine((docs) => new Set(docs.map((d) => d.id)).size === docs.length, { message: 'document ids must be unique' }),
})
export type TEgovQrDataRequest = z.output<typeof ZEgovQrDataRequestSchema>

/**
 * `GET {signURL}` once signed: the documents again, each `file.data` now its CMS. Only the
 * signature is required; the rest is the provider's echo of what we sent.
 */
export const ZEgovQrSignedAnswerSchema = z.looseObject({
  documentsToSign: z
    .array(z.looseObject({ document: z.looseObject({ file: z.looseObject({ data: ZBase64 }) }) }))
    .min(1),
})
export type TEgovQrSignedAnswer = z.output<typeof ZEgovQrSignedAnswerSchema>

// --- our side -------------------------------------------------------------------------

/** A registered procedure: the QR to show and where to send the data and collect the signatures. */
export interface TEgovQrProcedure {
  /** A base64 image (no data: prefix: its type depends on the provider). */
  qrCode: string
  dataUrl: string
  signUrl: string
  expiresAt: Date | null
  /** Opens eGov mobile / eGov Business on this device instead of scanning. */
  mobileLink: string | null
  businessLink: string | null
}

export interface TEgovQrDocument {
  /** Shown on the phone; `kk` is the locale code, the wire calls it `nameKz`. */
  names: { ru: string; kk: string; en: string }
  meta?: Array<{ name: string; value: string }>
  data: Uint8Array
  pdf: boolean
}

function expiryOf(v: number | string | null | undefined): Date | null {
  const ms = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) return null
  const d = new Date(ms)
  return Number.isNaN(d.getTime()) ? null : d
}

export function toProcedure(answer: TEgovQrRegisterAnswer): TEgovQrProcedure {
  return {
    qrCode: answer.qrCode,
    dataUrl: answer.dataURL,
    signUrl: answer.signURL,
    expiresAt: expiryOf(answer.expireAt),
    mobileLink: safeLaunchLink(answer.eGovMobileLaunchLink),
    businessLink: safeLaunchLink(answer.eGovBusinessLaunchLink),
  }
}

/** `attach`: the CMS carries the document (CMS_WITH_DATA) instead of only signing it. */
export function toDataRequest(input: { attach: boolean; documents: TEgovQrDocument[] }): TEgovQrDataRequest {
  return {
    signMethod: input.attach ? 'CMS_WITH_DATA' : 'CMS_SIGN_ONLY',
    documentsToSign: input.documents.map((d, i) => ({
      id: i + 1,
      nameRu: d.names.ru,
      nameKz: d.names.kk,
      nameEn: d.names.en,
      meta: (d.meta ?? []).map((m) => ({ name: m.name, value: m.value })),
      document: {
        file: {
          mime: d.pdf ? EGOV_QR_PDF_MIME : '',
          data: Buffer.from(d.data.buffer, d.data.byteOffset, d.data.byteLength).toString('base64'),
        },
      },
    })),
  }
}

/** The base64 CMS of each document, in the order they were sent. */
export function toSignatures(answer: TEgovQrSignedAnswer): string[] {
  return answer.documentsToSign.map((d) => d.document.file.data)
}
