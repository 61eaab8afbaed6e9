import { useDb, type TTx } from '../../lib/db'
import type { TSigningRequestStatus } from '../../../shared/signing'
import { UUID } from './access'

/** What the registry needs of a file to set a card's status: its workspace, the current version's signatures, the latest request. */
export interface TFileSigningState {
  workspaceId: string
  name: string
  signatures: { id: string; iin: string | null; bin: string | null; signedAt: Date }[]
  request: { id: string; status: TSigningRequestStatus } | null
}

/**
 * A file's signing state for another domain (registry), read without a caller: the
 * caller's right to the file is the workspace the asker checked. Null for unknown ids.
 */
export async function fileSigningState(fileId: string, tx: TTx = useDb()): Promise<TFileSigningState | null> {
  if (!UUID.test(fileId)) return null
  const file = await tx.file.findUnique({ where: { id: fileId }, select: { workspaceId: true, name: true, currentVersion: true } })
  if (!file) return null
  const version = await tx.fileVersion.findUnique({ where: { fileId_number: { fileId, number: file.currentVersion } }, select: { id: true } })
  const [signatures, request] = await Promise.all([
    version
      ? tx.fileSignature.findMany({ where: { versionId: version.id }, select: { id: true, iin: true, bin: true, signedAt: true, createdAt: true }, orderBy: { createdAt: 'asc' } })
      : Promise.resolve([]),
    tx.signingRequest.findFirst({ where: { fileId }, orderBy: { createdAt: 'desc' }, select: { id: true, status: true } }),
  ])
  return {
    workspaceId: file.workspaceId,
    name: file.name,
    signatures: signatures.map((s) => ({ id: s.id, iin: s.iin, bin: s.bin, signedAt: s.signedAt ?? s.createdAt })),
    request: request ? { id: request.id, status: request.status as TSigningRequestStatus } : null,
  }
}

/** What another domain sends outward of a signed file (registry → ESEDO): its current version's name, hash and signatures. */
export interface TSignedFileBundle {
  name: string
  sha256: string
  signatures: { cms: Uint8Array; commonName: string | null; iin: string | null; bin: string | null }[]
}

export async function signedFileBundle(fileId: string, tx: TTx = useDb()): Promise<TSignedFileBundle | null> {
  if (!UUID.test(fileId)) return null
  const file = await tx.file.findUnique({ where: { id: fileId }, select: { name: true, currentVersion: true } })
  if (!file) return null
  const version = await tx.fileVersion.findUnique({ where: { fileId_number: { fileId, number: file.currentVersion } }, select: { id: true, sha256: true } })
  if (!version?.sha256) return null
  const rows = await tx.fileSignature.findMany({ where: { versionId: version.id }, orderBy: { createdAt: 'asc' }, select: { cms: true, commonName: true, iin: true, bin: true } })
  return { name: file.name, sha256: version.sha256, signatures: rows.map((r) => ({ cms: new Uint8Array(r.cms), commonName: r.commonName, iin: r.iin, bin: r.bin })) }
}
