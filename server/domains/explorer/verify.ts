import { createHash, randomBytes } from 'node:crypto'
import type { FileSignature } from '../../generated/prisma/client'
import { useDb } from '../../lib/db'
import { decodeCms, loadTrustStore, verifyCms, type TSignerResult } from '../../lib/pki'
import { enforceRateLimit } from '../../lib/rate-limit'
import { maskIin, type TPublicSignature, type TUploadedVerification, type TVerification } from '../../../shared/explorer'
import { explorerNotFound, signatureRefused } from './errors'

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

/** 12 characters of an unambiguous alphabet: ~59 bits, not worth guessing. */
export function newVerifyCode(): string {
  const bytes = randomBytes(12)
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('')
}

const RATE = { name: 'explorer:verify:ip', limit: 30, windowMs: 60_000 }

/**
 * The public page of a signed file (anyone with the code: it is printed as a QR code on
 * the document): its name, hash and every signature with what the checks found when it
 * was stored. IINs are masked; no account or workspace ids are shown.
 */
export async function getVerification(code: string, ip: string | null): Promise<TVerification> {
  await enforceRateLimit(RATE, ip ?? 'unknown')
  if (!/^[a-z0-9]{8,16}$/.test(code)) throw explorerNotFound('file')
  const file = await useDb().file.findUnique({
    where: { verifyCode: code },
    include: { versions: true, signatures: { orderBy: { createdAt: 'asc' } } },
  })
  const current = file?.versions.find((v) => v.number === file.currentVersion)
  if (!file || !current) throw explorerNotFound('file')
  return {
    code,
    fileName: file.name,
    version: current.number,
    size: current.size,
    sha256: current.sha256,
    signatures: file.signatures
      .filter((s) => s.versionId === current.id)
      .map(storedPublicSignature),
  }
}

/** A stored signature as anyone may see it: the IIN masked; stored means it passed every check. */
export function storedPublicSignature(s: FileSignature): TPublicSignature {
  return {
    commonName: s.commonName,
    iinMasked: maskIin(s.iin),
    bin: s.bin,
    organization: s.organization,
    keyUser: s.keyUser,
    signedAt: s.signedAt?.toISOString() ?? null,
    serialNumber: s.serialNumber,
    issuerDn: s.issuerDn,
    notBefore: s.notBefore.toISOString(),
    notAfter: s.notAfter.toISOString(),
    revocation: s.revocation === 'good' || s.revocation === 'revoked' ? s.revocation : 'not_checked',
    valid: true,
    problem: null,
  }
}

function publicSigner(s: TSignerResult): TPublicSignature {
  const c = s.certificate
  return {
    commonName: c.commonName,
    iinMasked: maskIin(c.iin),
    bin: c.bin,
    organization: c.organization,
    keyUser: c.keyUser,
    signedAt: s.signedAt?.toISOString() ?? null,
    serialNumber: c.serialNumber,
    issuerDn: c.issuerDn,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    revocation: s.revocation,
    valid: s.valid,
    problem: s.problem,
  }
}

/**
 * Anyone's check of a document and its signature file (.cms/.p7s, detached or with the
 * document inside): the same verification as signing, nothing stored, nothing looked up
 * (whether we hold a file with this hash is nobody's business). Rate-limited per address.
 */
export async function verifyUploaded(document: Uint8Array, signature: Uint8Array, ip: string | null): Promise<TUploadedVerification> {
  await enforceRateLimit(RATE, ip ?? 'unknown')
  // A .cms file is DER or, as some tools save it, base64/PEM text: decodeCms reads both.
  const cms = decodeCms(signature)
  if (!cms) throw signatureRefused('cms_malformed', 'The signature file is not a CMS signature.')
  const result = await verifyCms(cms, { data: document, trust: loadTrustStore(), revocation: { mode: 'crl' } })
  if (result.problem === 'cms_malformed') throw signatureRefused('cms_malformed', 'The signature file is not a CMS signature.')
  return {
    sha256: createHash('sha256').update(document).digest('hex'),
    size: document.length,
    valid: result.valid,
    problem: result.problem,
    attached: result.attached,
    signatures: result.signers.map(publicSigner),
  }
}
