import { z } from 'zod'
import type { TNcaNodeCertificates, TNcaNodeSigner, TNcaNodeVerification, TRevocationCheck, TSignerKeyUsage, TSignerRevocation } from './types'

/**
 * NCANode v3's JSON (../shared/PROTOCOLS.md "NCANode v3"; field names from NCANode's own
 * DTOs: kz.ncanode.dto.certificate.CertificateInfo, CertificateSubject,
 * CertificateRevocationStatus, cms.CmsSignerInfo, tsp.TspInfo) and its mapping to
 * ./types.ts. Read loosely: fields NCANode leaves out (it omits nulls) are optional here,
 * and unknown ones pass; only what a verdict cannot do without is required.
 */

/** Revocation checks asked of NCANode: both, so one unreachable source does not leave a signer unchecked. */
export const NCANODE_REVOCATION_CHECK = ['OCSP', 'CRL'] as const

const ZText = z.string().nullish()
/** java.util.Date through Jackson: ISO text in v3, "yyyy-MM-dd HH:mm:ss" in v1/v2 examples, epoch ms if configured so. */
const ZWireDate = z.union([z.string(), z.number()]).nullish()

export const ZNcaNodeSubjectSchema = z.looseObject({
  commonName: ZText,
  surName: ZText,
  /** NCANode 1.x/2.x spelling. */
  surname: ZText,
  lastName: ZText,
  email: ZText,
  organization: ZText,
  iin: ZText,
  bin: ZText,
  country: ZText,
  locality: ZText,
  dn: ZText,
})

export const ZNcaNodeRevocationSchema = z.looseObject({
  revoked: z.boolean().nullish(),
  by: ZText,
  revocationTime: ZWireDate,
  reason: ZText,
})

export const ZNcaNodeCertInfoSchema = z.looseObject({
  valid: z.boolean(),
  revocations: z.array(ZNcaNodeRevocationSchema).nullish(),
  notBefore: z.union([z.string(), z.number()]),
  notAfter: z.union([z.string(), z.number()]),
  keyUsage: ZText,
  serialNumber: z.string().min(1),
  signAlg: ZText,
  keyUser: z.array(z.string()).nullish(),
  subject: ZNcaNodeSubjectSchema.nullish(),
  issuer: ZNcaNodeSubjectSchema.nullish(),
})
export type TNcaNodeCertInfo = z.output<typeof ZNcaNodeCertInfoSchema>

export const ZNcaNodeTspSchema = z.looseObject({
  serialNumber: ZText,
  genTime: ZWireDate,
  policy: ZText,
  tsa: ZText,
  hash: ZText,
})

export const ZNcaNodeCmsSignerSchema = z.looseObject({
  /** The signer's own certificate first. */
  certificates: z.array(ZNcaNodeCertInfoSchema).min(1),
  tsp: ZNcaNodeTspSchema.nullish(),
})

export const ZNcaNodeCmsVerifySchema = z.looseObject({
  status: z.number().nullish(),
  message: ZText,
  valid: z.boolean(),
  signers: z.array(ZNcaNodeCmsSignerSchema).nullish(),
})
export type TNcaNodeCmsVerifyBody = z.output<typeof ZNcaNodeCmsVerifySchema>

export const ZNcaNodeX509InfoSchema = z.looseObject({
  status: z.number().nullish(),
  message: ZText,
  valid: z.boolean(),
  signers: z.array(ZNcaNodeCertInfoSchema).nullish(),
})
export type TNcaNodeX509InfoBody = z.output<typeof ZNcaNodeX509InfoSchema>

/** Every error answer: `{status, message}` (ErrorResponse adds `details` in debug mode). */
export const ZNcaNodeErrorSchema = z.looseObject({
  status: z.union([z.number(), z.string().regex(/^\d{3}$/).transform(Number)]),
  message: ZText,
  details: ZText,
})

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i

/**
 * A date as NCANode writes it. Without an offset (the v1/v2 "2018-08-22 18:11:36") it is
 * read as UTC, the zone NCANode's images run in; `Date.parse` would take the server's
 * local zone instead. Null for anything else.
 */
export function parseNcaNodeDate(v: unknown): Date | null {
  if (typeof v === 'number') return Number.isFinite(v) ? new Date(v) : null
  if (typeof v !== 'string') return null
  const m = DATE_RE.exec(v.trim())
  if (!m) return null
  const [, y, mo, d, h, mi, s, frac, zone] = m
  // Date.UTC rolls 2024-02-31 over into March: such a text is not a date.
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)))
  if (day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), ms)
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0)
    t -= sign * offset * 60_000
  }
  return new Date(t)
}

function clean(v: string | null | undefined): string | null {
  const t = v?.trim()
  return t ? t : null
}

/** NCANode strips the prefix; a certificate's raw SERIALNUMBER ("IIN…", "BIN…") is accepted too. */
function idNumber(v: string | null | undefined, prefix: 'IIN' | 'BIN'): string | null {
  const t = clean(v)
  if (!t) return null
  return t.toUpperCase().startsWith(prefix) ? t.slice(prefix.length).trim() || null : t
}

function givenNameOf(commonName: string | null, surname: string | null): string | null {
  if (!commonName || !surname) return null
  const parts = commonName.split(/\s+/)
  if (parts.length < 2 || parts[0]!.toLocaleUpperCase('ru') !== surname.toLocaleUpperCase('ru')) return null
  return parts.slice(1).join(' ')
}

function keyUsageOf(v: string | null | undefined): TSignerKeyUsage {
  return v === 'SIGN' || v === 'AUTH' ? v : 'OTHER'
}

/** A check that said "not revoked" without a reason or with "OK" answered; any other reason is a failed check (e.g. "ocsp.pki.gov.kz: Try again"). */
function answered(r: TRevocationCheck): boolean {
  return r.revoked || r.reason === null || r.reason.toUpperCase() === 'OK'
}

function revocationOf(checks: TRevocationCheck[]): { revocation: TSignerRevocation; revokedAt: Date | null } {
  const revoked = checks.find((c) => c.revoked)
  if (revoked) return { revocation: 'revoked', revokedAt: revoked.at }
  return { revocation: checks.some(answered) ? 'good' : 'not_checked', revokedAt: null }
}

export class NcaNodeShapeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'NcaNodeShapeError'
  }
}

function requiredDate(v: unknown, field: string): Date {
  const d = parseNcaNodeDate(v)
  if (!d) throw new NcaNodeShapeError(`${field} is not a date: ${JSON.stringify(v)}`)
  return d
}

export function toSigner(cert: TNcaNodeCertInfo, genTime?: unknown): TNcaNodeSigner {
  const s = cert.subject ?? {}
  const commonName = clean(s.commonName)
  const surname = clean(s.surName ?? s.surname)
  const checks: TRevocationCheck[] = (cert.revocations ?? []).map((r) => ({
    by: clean(r.by) ?? 'unknown',
    revoked: r.revoked === true,
    at: parseNcaNodeDate(r.revocationTime),
    reason: clean(r.reason),
  }))
  return {
    valid: cert.valid,
    signedAt: parseNcaNodeDate(genTime),
    serialNumber: cert.serialNumber,
    commonName,
    surname,
    givenName: givenNameOf(commonName, surname),
    patronymic: clean(s.lastName),
    iin: idNumber(s.iin, 'IIN'),
    bin: idNumber(s.bin, 'BIN'),
    organization: clean(s.organization),
    email: clean(s.email),
    keyUser: cert.keyUser ?? [],
    keyUsage: keyUsageOf(cert.keyUsage),
    signAlg: clean(cert.signAlg) ?? 'unknown',
    notBefore: requiredDate(cert.notBefore, 'notBefore'),
    notAfter: requiredDate(cert.notAfter, 'notAfter'),
    ...revocationOf(checks),
    revocationChecks: checks,
  }
}

export function toVerification(body: TNcaNodeCmsVerifyBody): TNcaNodeVerification {
  return {
    valid: body.valid,
    signers: (body.signers ?? []).map((s) => toSigner(s.certificates[0]!, s.tsp?.genTime)),
  }
}

export function toCertificates(body: TNcaNodeX509InfoBody): TNcaNodeCertificates {
  return { valid: body.valid, certificates: (body.signers ?? []).map((c) => toSigner(c)) }
}
