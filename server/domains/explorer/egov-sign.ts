import type { EgovSignSession, FileVersion } from '../../generated/prisma/client'
import { startWaitJob } from '../../events'
import { createEgovQrClient, egovFailure, egovQrMode, followEgovProcedure, qrDataUrl, scanDeadlineOf, type TEgovQrClient } from '../../integrations'
import { useDb } from '../../lib/db'
import { isAppError } from '../../lib/errors'
import { useLogger } from '../../lib/log'
import { enforceRateLimit, type TRateLimitRule } from '../../lib/rate-limit'
import type { TAuthContext, TRequestMeta } from '../auth'
import { assertCompanyMayAct, companyTaxId } from '../workspace'
import { EGOV_SIGN_FINAL, type TEgovSignSession, type TStartFileEgovInput } from '../../../shared/signing'
import { EXPLORER_ROLES, openFile, UUID } from './access'
import { explorerError, explorerNotFound } from './errors'
import { assertSignable, companyToSignFor, readAll, storeMemberSignature } from './sign-file'
import { assertMayAct, partyAccount, partyByToken, signingNotFound, signPartyWithCms, TOKEN_ACTION, TOKEN_LOOKUP } from './signing'

/**
 * Signing with eGov mobile by QR (the SIGEX-style procedure, ../shared/PROTOCOLS.md): the
 * page shows the provider's QR; the worker's job (explorer.egovQr, waits queue) hands the
 * version over once the phone has scanned it, waits for the signature and then stores it
 * exactly as NCALayer's CMS would be (a party: signPartyWithCms; a member:
 * storeMemberSignature). The page follows the session; the provider's URLs never leave the server.
 */
const log = useLogger('explorer.egov')

/** What eGov mobile is handed at most: a document a phone can still show and sign. */
export const EGOV_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
const OPEN: EgovSignSession['status'][] = ['waiting_scan', 'waiting_signature']

function client(): TEgovQrClient {
  const mode = egovQrMode()
  if (!mode) throw explorerError('egov_off', 'Signing with eGov mobile is not configured on this server (EGOV_QR_URL or EGOV_QR_SANDBOX_CA).')
  return createEgovQrClient({ url: mode.url })
}

export function toEgovView(s: EgovSignSession): TEgovSignSession {
  const deadline = (s.status === 'waiting_signature' ? s.signDeadline : null) ?? s.scanDeadline
  const stale = OPEN.includes(s.status) && Date.now() > deadline.getTime() + STALE_MS
  return {
    id: s.id,
    status: stale ? 'expired' : s.status,
    qrImage: qrDataUrl(s.qrCode),
    mobileLink: s.mobileLink,
    businessLink: s.businessLink,
    scanDeadline: s.scanDeadline.toISOString(),
    signDeadline: s.signDeadline?.toISOString() ?? null,
    error: s.errorCode ? { key: s.errorCode, params: (s.errorParams as Record<string, unknown> | null) ?? {} } : null,
  }
}

/**
 * A new QR for the party behind the link; an open one of theirs is cancelled (one QR per
 * party at a time). 503 `egov_off` when no service is configured, the provider's own 503
 * when it cannot be reached; nothing is kept then.
 */
export async function startPartyEgovSigning(token: string, meta: TRequestMeta, caller: TAuthContext | null): Promise<TEgovSignSession> {
  await enforceRateLimit(TOKEN_ACTION, meta.ip ?? 'unknown')
  const party = await partyByToken(useDb(), token)
  assertMayAct(party)
  const r = party.request
  const row = await openSession(
    { fileId: r.fileId, versionId: r.versionId, workspaceId: r.workspaceId, fileName: r.file.name, size: r.version.size },
    { partyId: party.id, userId: partyAccount(party, caller), companyWorkspaceId: null },
  )
  return toEgovView(row)
}

async function partySession(token: string, sessionId: string, ip: string | null): Promise<EgovSignSession> {
  await enforceRateLimit(TOKEN_LOOKUP, ip ?? 'unknown')
  const db = useDb()
  const party = await partyByToken(db, token)
  const s = UUID.test(sessionId) ? await db.egovSignSession.findUnique({ where: { id: sessionId } }) : null
  if (!s || s.partyId !== party.id) throw signingNotFound()
  return s
}

/** Where the party's QR signing stands (the page asks every few seconds). */
export async function getPartyEgovSession(token: string, sessionId: string, ip: string | null): Promise<TEgovSignSession> {
  return toEgovView(await partySession(token, sessionId, ip))
}

/** The party closes the QR: the worker's job stops at its next look. A finished one stays as it is. */
export async function cancelPartyEgovSession(token: string, sessionId: string, meta: TRequestMeta): Promise<TEgovSignSession> {
  const s = await partySession(token, sessionId, meta.ip)
  const db = useDb()
  await db.egovSignSession.updateMany({ where: { id: s.id, status: { in: OPEN } }, data: { status: 'cancelled' } })
  return toEgovView(await db.egovSignSession.findUniqueOrThrow({ where: { id: s.id } }))
}

/** A member's QR signings: each registers a procedure with the provider, so they are bounded per person. */
const MEMBER_START: TRateLimitRule = { name: 'egov-start:user', limit: 20, windowMs: 15 * 60_000 }

/** Registers the QR with the provider and keeps the session; `cancelWhere` names the open ones it replaces. */
async function openSession(
  target: { fileId: string; versionId: string; workspaceId: string; fileName: string; size: number },
  who: { partyId: string | null; userId: string | null; companyWorkspaceId: string | null },
): Promise<EgovSignSession> {
  if (target.size > EGOV_MAX_DOCUMENT_BYTES) {
    throw explorerError('too_large', 'This document is too large to sign in eGov mobile: sign it with NCALayer.', { maxBytes: EGOV_MAX_DOCUMENT_BYTES })
  }
  const procedure = await client().register(`Dogovor24: ${target.fileName}`.slice(0, 500))
  const db = useDb()
  const row = await db.$transaction(async (tx) => {
    await tx.egovSignSession.updateMany({
      where: who.partyId ? { partyId: who.partyId, status: { in: OPEN } } : { fileId: target.fileId, partyId: null, userId: who.userId, status: { in: OPEN } },
      data: { status: 'cancelled' },
    })
    return tx.egovSignSession.create({
      data: {
        fileId: target.fileId,
        versionId: target.versionId,
        workspaceId: target.workspaceId,
        partyId: who.partyId,
        userId: who.userId,
        companyWorkspaceId: who.companyWorkspaceId,
        qrCode: procedure.qrCode,
        mobileLink: procedure.mobileLink?.slice(0, 2000) ?? null,
        businessLink: procedure.businessLink?.slice(0, 2000) ?? null,
        dataUrl: procedure.dataUrl,
        signUrl: procedure.signUrl,
        scanDeadline: scanDeadlineOf(procedure.expiresAt),
      },
    })
  })
  try {
    await startWaitJob('explorer.egovQr', { sessionId: row.id }, { jobId: `egov-${row.id}` })
  } catch (e) {
    // Without its job nobody would hand the document over: the QR must not be shown.
    await db.egovSignSession.update({ where: { id: row.id }, data: { status: 'failed', errorCode: 'errors.unavailable' } })
    throw e
  }
  return row
}

/**
 * A member signs the file's current version with eGov mobile (for a company with
 * `companyWorkspaceId`, as the NCALayer route: the certificate must carry its BIN). The same
 * checks as signing in the page; their own open QR for this file is replaced.
 */
export async function startFileEgovSigning(auth: TAuthContext, meta: TRequestMeta, fileId: string, input: TStartFileEgovInput): Promise<TEgovSignSession> {
  await enforceRateLimit(MEMBER_START, auth.user.id)
  const c = await openFile(auth, fileId, meta, EXPLORER_ROLES.write)
  assertSignable(c.file, c.current)
  const companyBin = input.companyWorkspaceId ? await companyToSignFor(auth, meta, input.companyWorkspaceId) : null
  const row = await openSession(
    { fileId: c.file.id, versionId: c.current.id, workspaceId: c.file.workspaceId, fileName: c.file.name, size: c.current.size },
    { partyId: null, userId: auth.user.id, companyWorkspaceId: companyBin !== null ? (input.companyWorkspaceId ?? null) : null },
  )
  return toEgovView(row)
}

async function memberSession(auth: TAuthContext, meta: TRequestMeta, fileId: string, sessionId: string): Promise<EgovSignSession> {
  await openFile(auth, fileId, meta, EXPLORER_ROLES.read)
  const s = UUID.test(sessionId) ? await useDb().egovSignSession.findUnique({ where: { id: sessionId } }) : null
  // Only its own starter follows a session; anyone else's is not found.
  if (!s || s.fileId !== fileId || s.partyId !== null || s.userId !== auth.user.id) throw explorerNotFound('file')
  return s
}

export async function getFileEgovSession(auth: TAuthContext, meta: TRequestMeta, fileId: string, sessionId: string): Promise<TEgovSignSession> {
  return toEgovView(await memberSession(auth, meta, fileId, sessionId))
}

export async function cancelFileEgovSession(auth: TAuthContext, meta: TRequestMeta, fileId: string, sessionId: string): Promise<TEgovSignSession> {
  const s = await memberSession(auth, meta, fileId, sessionId)
  const db = useDb()
  await db.egovSignSession.updateMany({ where: { id: s.id, status: { in: OPEN } }, data: { status: 'cancelled' } })
  return toEgovView(await db.egovSignSession.findUniqueOrThrow({ where: { id: s.id } }))
}

export interface TEgovRunContext {
  /** The worker is stopping: give the place up (postpone) rather than hold a long request. */
  signal: AbortSignal
  postpone: (ms: number) => Promise<never>
}

/** A session open this long past its deadline lost its job (dead after retries): the page shows it expired. */
const STALE_MS = 2 * 60_000

const WORKER_META: TRequestMeta = { ip: null, userAgent: 'eGov mobile (QR)' }

async function finish(id: string, data: { status: EgovSignSession['status']; errorCode?: string; errorParams?: Record<string, unknown>; signatureId?: string | null }) {
  await useDb().egovSignSession.updateMany({
    where: { id, status: { in: OPEN } },
    data: { status: data.status, errorCode: data.errorCode?.slice(0, 80) ?? null, errorParams: (data.errorParams ?? undefined) as object | undefined, signatureId: data.signatureId ?? null },
  })
}

async function documentOf(versionId: string): Promise<{ version: FileVersion; name: string; data: Uint8Array }> {
  const version = await useDb().fileVersion.findUniqueOrThrow({ where: { id: versionId }, include: { file: { select: { name: true } } } })
  return { version, name: version.file.name, data: await readAll(version.objectKey, EGOV_MAX_DOCUMENT_BYTES) }
}

/** The company workspace's BIN now, refused when it may not sign (unverified). */
async function companyTaxIdOf(workspaceId: string): Promise<string | null> {
  await assertCompanyMayAct(workspaceId)
  return companyTaxId(workspaceId)
}

/** The signature came back: it signs for the party as any other would, or the session fails with the reason a person reads. */
async function complete(s: EgovSignSession, signatures: string[]): Promise<void> {
  const db = useDb()
  if (signatures.length !== 1) {
    await finish(s.id, { status: 'failed', errorCode: 'errors.egov.bad_answer', errorParams: { count: signatures.length } })
    return
  }
  try {
    if (s.partyId) {
      const party = await db.signingParty.findUnique({ where: { id: s.partyId } })
      if (!party) {
        await finish(s.id, { status: 'cancelled' })
        return
      }
      await signPartyWithCms(party.tokenHash, WORKER_META, signatures[0]!, s.userId)
      const signed = await db.signingParty.findUnique({ where: { id: party.id }, select: { signatureId: true } })
      await finish(s.id, { status: 'signed', signatureId: signed?.signatureId ?? null })
      return
    }
    const version = await db.fileVersion.findUniqueOrThrow({ where: { id: s.versionId }, include: { file: true } })
    assertSignable(version.file, version)
    // The company's BIN as it is now: a workspace that lost its verification meanwhile cannot sign.
    const company = s.companyWorkspaceId ? { workspaceId: s.companyWorkspaceId, bin: await companyTaxIdOf(s.companyWorkspaceId) } : null
    const row = await storeMemberSignature({ file: version.file, version, cmsBase64: signatures[0]!, userId: s.userId!, company, meta: WORKER_META })
    await finish(s.id, { status: 'signed', signatureId: row.id })
  } catch (e) {
    if (!isAppError(e) || e.status >= 500) throw e
    log.info('eGov signature refused', { session: s.id, reason: e.messageKey })
    await finish(s.id, { status: 'failed', errorCode: e.messageKey, errorParams: e.params ?? {} })
  }
}

/**
 * The worker's side of one session (job explorer.egovQr): followEgovProcedure holds the
 * provider's requests (each at most EGOV_QR_POLL_MS) until the phone has taken the version,
 * then until it has signed, the deadline passed or the page cancelled; the session row says
 * which half it is in, so a run after a crash resumes. The signature then goes through
 * complete(); a refusal fails the session with its reason.
 */
export async function runEgovSession(sessionId: string, ctx: TEgovRunContext): Promise<EgovSignSession['status'] | 'gone'> {
  const db = useDb()
  const first = await db.egovSignSession.findUnique({ where: { id: sessionId } })
  if (!first) return 'gone'
  const load = async () => db.egovSignSession.findUnique({ where: { id: sessionId } })
  try {
    await followEgovProcedure({
      client,
      dataUrl: first.dataUrl,
      signUrl: first.signUrl,
      signal: ctx.signal,
      postpone: ctx.postpone,
      state: async () => {
        const s = await load()
        return {
          phase: !s || !OPEN.includes(s.status) ? 'closed' : s.status === 'waiting_scan' ? 'waiting_scan' : 'waiting_signature',
          scanDeadline: s?.scanDeadline ?? new Date(0),
          signDeadline: s?.signDeadline ?? null,
        }
      },
      documents: async () => {
        const doc = await documentOf(first.versionId)
        return [
          {
            names: { ru: doc.name, kk: doc.name, en: doc.name },
            meta: doc.version.sha256 ? [{ name: 'SHA-256', value: doc.version.sha256 }] : [],
            data: doc.data,
            pdf: doc.version.mimeType === 'application/pdf',
          },
        ]
      },
      scanned: async (signDeadline) => {
        await db.egovSignSession.updateMany({ where: { id: sessionId, status: 'waiting_scan' }, data: { status: 'waiting_signature', signDeadline } })
      },
      signed: async (signatures) => {
        const s = await load()
        if (s && OPEN.includes(s.status)) await complete(s, signatures)
      },
      ended: async (end) => {
        if (end.kind === 'expired') return finish(sessionId, { status: 'expired' })
        const why = egovFailure(end.error)
        return finish(sessionId, { status: 'failed', errorCode: why.key, errorParams: why.params })
      },
    })
  } catch (e) {
    // The service was switched off under a running session: it cannot end any other way.
    if (isAppError(e) && e.messageKey === 'errors.explorer.egov_off') await finish(sessionId, { status: 'failed', errorCode: e.messageKey })
    else throw e
  }
  return (await load())?.status ?? 'gone'
}
