import { publish } from '../../events'
import { useConfig } from '../../lib/config'
import type { File, FileSignature, FileVersion } from '../../generated/prisma/client'
import { useDb, type TTx } from '../../lib/db'
import { decodeCms, loadTrustStore, verifyCms, type TSignerResult, type TCmsVerification } from '../../lib/pki'
import { audit } from '../history'
import { getObjectStream } from '../../lib/storage'
import type { TAuthContext, TRequestMeta } from '../auth'
import { assertCompanyMayAct, companyTaxId, workspaceAccess } from '../workspace'
import type { TSignatureView, TSignFileInput } from '../../../shared/explorer'
import { EXPLORER_ROLES, openFile } from './access'
import { explorerError, explorerNotFound, signatureRefused } from './errors'
import { notifyFileChanged } from './signals'
import { newVerifyCode } from './verify'
import { toSignatureView } from './views'

export async function readAll(key: string, max: number): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of await getObjectStream(key)) {
    size += (chunk as Buffer).length
    if (size > max) throw explorerError('too_large', 'The file is larger than allowed.', { maxBytes: max })
    chunks.push(chunk as Buffer)
  }
  return new Uint8Array(Buffer.concat(chunks))
}

/**
 * Stores a qualified signature (CMS, detached or with the file inside) of the file's
 * current version, after verifying it against exactly these bytes: structure, digest,
 * signature, chain to the trusted NCA roots, validity at signing time, revocation where
 * reachable. Signing for a company also needs the certificate's BIN to be the company
 * workspace's BIN, and the workspace to be verified. Refused: 400 with the failed check,
 * nothing stored. Stored with FileSigned in one transaction; the workspace's pages hear of it.
 */
export async function signFile(auth: TAuthContext, meta: TRequestMeta, fileId: string, input: TSignFileInput): Promise<TSignatureView> {
  const c = await openFile(auth, fileId, meta, EXPLORER_ROLES.write)
  assertSignable(c.file, c.current)
  const companyBin = input.companyWorkspaceId ? await companyToSignFor(auth, meta, input.companyWorkspaceId) : null
  const stored = await storeMemberSignature({
    file: c.file,
    version: c.current,
    cmsBase64: input.cms,
    userId: auth.user.id,
    company: companyBin !== null && input.companyWorkspaceId ? { workspaceId: input.companyWorkspaceId, bin: companyBin } : null,
    meta,
  })
  return toSignatureView(stored, c.current.number)
}

/** Why this version of the file cannot be signed now, if it cannot. */
export function assertSignable(file: File, version: FileVersion): void {
  if (version.status === 'uploading') throw explorerNotFound('file')
  if (file.trashedAt) throw explorerError('in_trash', 'This file is in the trash: restore it first.')
  if (version.status === 'infected') throw explorerError('infected', 'The antivirus found a threat in this file: it cannot be signed.', { threat: version.threat })
  if (version.status !== 'clean') throw explorerError('not_clean', 'The file is still being checked by the antivirus: sign it in a moment.')
}

/** The BIN of the company workspace a member signs for (a member of it, the workspace verified). */
export async function companyToSignFor(auth: TAuthContext, meta: TRequestMeta, companyWorkspaceId: string): Promise<string | null> {
  const company = await workspaceAccess(auth, companyWorkspaceId, meta, { minRole: 'member' })
  if (company.workspace.kind !== 'company') throw explorerError('not_company', 'Sign for a company from a company workspace.')
  await assertCompanyMayAct(company.workspace.id)
  return companyTaxId(company.workspace.id)
}

/**
 * A member's signature of a version, however it was made (NCALayer in the page, eGov mobile
 * through the worker): verified against the version's bytes, the company's BIN checked when
 * signing for one, stored with FileSigned and the audit entry; the workspace's pages hear of it.
 */
export async function storeMemberSignature(s: {
  file: File
  version: FileVersion
  cmsBase64: string
  userId: string
  company: { workspaceId: string; bin: string | null } | null
  meta: TRequestMeta
}): Promise<FileSignature> {
  const { cms, result, signer } = await verifyForVersion(s.version, s.cmsBase64)
  const cert = signer.certificate
  if (s.company && cert.bin !== s.company.bin) {
    throw explorerError('bin_mismatch', `The certificate is not the company's: its BIN is ${cert.bin ?? 'absent'}, the company's is ${s.company.bin}.`, {
      certificateBin: cert.bin,
      companyBin: s.company.bin,
    })
  }
  const stored = await useDb().$transaction(async (tx) => {
    const row = await storeSignature(tx, {
      file: s.file,
      version: s.version,
      cms,
      result,
      signer,
      userId: s.userId,
      companyWorkspaceId: s.company?.workspaceId ?? null,
    })
    await audit(tx, { action: 'file.sign', actorUserId: s.userId, workspaceId: s.file.workspaceId, entityId: s.file.id, ip: s.meta.ip, userAgent: s.meta.userAgent, diff: { signatureId: row.id, serialNumber: cert.serialNumber, iin: cert.iin, bin: cert.bin } })
    return row
  })
  notifyFileChanged(s.file.workspaceId, s.file.id, 'signed')
  return stored
}

/** A verified CMS of exactly this version's bytes, with its one signer; refused (400, nothing stored) otherwise. */
export async function verifyForVersion(version: FileVersion, cmsBase64: string): Promise<{ cms: Uint8Array; result: TCmsVerification; signer: TSignerResult }> {
  const cms = decodeCms(cmsBase64)
  if (!cms) throw signatureRefused('cms_malformed', 'This is not a CMS signature.')
  const data = await readAll(version.objectKey, useConfig().EXPLORER_MAX_FILE_BYTES)
  const result = await verifyCms(cms, { data, trust: await loadTrustStore(), revocation: { mode: 'crl' }, requireSigningKey: true })
  if (!result.valid || result.signers.length === 0) {
    throw signatureRefused(result.problem ?? 'no_signers', `The signature did not pass the check: ${result.problem ?? 'no_signers'}.`)
  }
  // One CMS, one signer here: co-signing is several CMS, each stored and verified on its own.
  return { cms, result, signer: result.signers[0]! }
}

/**
 * Stores a verified signature of a version with FileSigned, in the caller's transaction;
 * the file gets its public verification code with its first signature. One signature per
 * certificate per version (409).
 */
export async function storeSignature(
  tx: TTx,
  s: { file: File; version: FileVersion; cms: Uint8Array; result: TCmsVerification; signer: TSignerResult; userId: string | null; companyWorkspaceId: string | null },
): Promise<FileSignature> {
  const cert = s.signer.certificate
  const taken = await tx.fileSignature.findUnique({ where: { versionId_serialNumber: { versionId: s.version.id, serialNumber: cert.serialNumber } } })
  if (taken) throw explorerError('already_signed', 'This version already carries a signature made with this certificate.')
  const row = await tx.fileSignature.create({
    data: {
      fileId: s.file.id,
      versionId: s.version.id,
      cms: Buffer.from(s.cms),
      attached: s.result.attached,
      userId: s.userId,
      companyWorkspaceId: s.companyWorkspaceId,
      signedAt: s.signer.signedAt,
      serialNumber: cert.serialNumber,
      commonName: cert.commonName,
      iin: cert.iin,
      bin: cert.bin,
      organization: cert.organization,
      keyUser: cert.keyUser,
      issuerDn: cert.issuerDn.slice(0, 1000),
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      revocation: s.signer.revocation,
      signAlg: cert.signAlg,
    },
  })
  // The public verification page exists from the first signature on.
  if (!s.file.verifyCode) await tx.file.updateMany({ where: { id: s.file.id, verifyCode: null }, data: { verifyCode: newVerifyCode() } })
  await publish(tx, 'FileSigned', { fileId: s.file.id, signatureId: row.id, signerUserId: s.userId, iin: cert.iin, bin: cert.bin })
  return row
}
