import { randomBytes } from 'node:crypto'
import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import { AppError } from '../../lib/errors'
import { loadTrustStore, verifyCms } from '../../lib/pki'
import { useRedis } from '../../lib/redis'
import type { TWorkspaceContext } from './access'
import { workspaceConflict } from './errors'
import { toWorkspaceView } from './workspaces'
import type { TWorkspaceView } from '../../../shared/workspace'

const CHALLENGE_SECONDS = 10 * 60

const challengeKey = (workspaceId: string, userId: string) => `${useConfig().REDIS_PREFIX}:workspace:verify:${workspaceId}:${userId}`

function assertUnverifiedCompany(ctx: TWorkspaceContext): string {
  const w = ctx.workspace
  if (w.kind !== 'company' || !w.bin) {
    throw workspaceConflict('verify_not_applicable', 'Only a Kazakh company workspace (with a BIN) is verified by a qualified signature.')
  }
  if (w.companyVerification === 'verified') throw workspaceConflict('already_verified', 'This workspace is verified already.')
  return w.bin
}

/**
 * A one-time text for an admin to sign with a qualified certificate that carries the
 * company's BIN: held 10 minutes for this admin and this workspace, used once. The text
 * says what the signature means, since the person sees it in NCALayer.
 */
export async function issueVerificationChallenge(ctx: TWorkspaceContext): Promise<{ challenge: string; expiresAt: string }> {
  const bin = assertUnverifiedCompany(ctx)
  const text = `Dogovor24: I confirm that I act for the company with BIN ${bin} (workspace ${ctx.workspace.id}). ${randomBytes(16).toString('hex')} ${new Date().toISOString()}`
  await useRedis().set(challengeKey(ctx.workspace.id, ctx.user.id), text, 'EX', CHALLENGE_SECONDS)
  return { challenge: Buffer.from(text, 'utf8').toString('base64'), expiresAt: new Date(Date.now() + CHALLENGE_SECONDS * 1000).toISOString() }
}

/**
 * The admin's CMS over the challenge: verified like any signature (chain to the NCA
 * roots, validity, revocation where reachable) and its certificate must carry the
 * workspace's BIN. Then the workspace is verified (`qualified_signature`) and may sign and
 * invoice as the company. A wrong signature leaves the challenge used: ask for a new one.
 */
export async function verifyBySignature(ctx: TWorkspaceContext, cmsBase64: string): Promise<TWorkspaceView> {
  const bin = assertUnverifiedCompany(ctx)
  const text = await useRedis().getdel(challengeKey(ctx.workspace.id, ctx.user.id))
  if (!text) throw workspaceConflict('challenge_expired', 'Ask for a new text to sign: the last one was used or is older than 10 minutes.')
  const result = await verifyCms(cmsBase64, { data: Buffer.from(text, 'utf8'), trust: loadTrustStore(), revocation: { mode: 'crl' } })
  const signer = result.signers[0]
  if (!result.valid || !signer) {
    const problem = result.problem ?? 'no_signers'
    throw new AppError('VALIDATION', `The signature did not pass the check: ${problem}.`, {
      messageKey: `errors.signature.${problem}`,
      params: { reason: 'signature_invalid', problem },
      fields: [{ path: 'body.cms', message: problem, code: problem }],
    })
  }
  if (signer.certificate.bin !== bin) {
    throw new AppError('VALIDATION', `The certificate's BIN (${signer.certificate.bin ?? 'none'}) is not this company's (${bin}).`, {
      messageKey: 'errors.workspace.bin_mismatch',
      params: { reason: 'bin_mismatch', certificateBin: signer.certificate.bin, companyBin: bin },
      fields: [{ path: 'body.cms', message: 'bin_mismatch', code: 'bin_mismatch' }],
    })
  }
  const updated = await useDb().workspace.update({
    where: { id: ctx.workspace.id },
    data: { companyVerification: 'verified', verifiedVia: 'qualified_signature', verifiedAt: new Date(), verifiedBy: ctx.user.id },
  })
  return toWorkspaceView(updated, ctx.membership.role)
}
