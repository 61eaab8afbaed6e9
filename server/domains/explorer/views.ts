import type { File, FileSignature, FileVersion, Folder } from '../../generated/prisma/client'
import type { TFileView, TFolderView, TSignatureView } from '../../../shared/explorer'

export function toFolderView(f: Folder): TFolderView {
  return {
    id: f.id,
    workspaceId: f.workspaceId,
    parentId: f.parentId,
    name: f.name,
    createdAt: f.createdAt.toISOString(),
    trashedAt: f.trashedAt?.toISOString() ?? null,
  }
}

/** A file as people see it: the current version's state. */
export function toFileView(f: File, current: FileVersion, signatureCount: number): TFileView {
  return {
    id: f.id,
    workspaceId: f.workspaceId,
    folderId: f.folderId,
    name: f.name,
    version: current.number,
    size: current.size,
    mimeType: current.mimeType,
    status: current.status,
    threat: current.threat,
    sha256: current.sha256,
    createdBy: f.createdBy,
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
    trashedAt: f.trashedAt?.toISOString() ?? null,
    signatureCount,
  }
}

export function toSignatureView(s: FileSignature, versionNumber: number): TSignatureView {
  return {
    id: s.id,
    fileId: s.fileId,
    version: versionNumber,
    signedAt: s.signedAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    userId: s.userId,
    companyWorkspaceId: s.companyWorkspaceId,
    commonName: s.commonName,
    iin: s.iin,
    bin: s.bin,
    organization: s.organization,
    keyUser: s.keyUser,
    serialNumber: s.serialNumber,
    issuerDn: s.issuerDn,
    notBefore: s.notBefore.toISOString(),
    notAfter: s.notAfter.toISOString(),
    revocation: s.revocation === 'good' || s.revocation === 'revoked' ? s.revocation : 'not_checked',
    signAlg: s.signAlg,
  }
}
