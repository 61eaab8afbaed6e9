import type { File, FileVersion, SigningParty, SigningRequest } from '../../generated/prisma/client'
import { publish, type TEventPayload } from '../../events'
import { useConfig } from '../../lib/config'
import { useDb, type TTx } from '../../lib/db'
import { AppError, isAppError } from '../../lib/errors'
import { enforceRateLimit, type TRateLimitRule } from '../../lib/rate-limit'
import { hashLinkToken, newLinkToken } from '../../lib/link-token'
import { seal } from '../../lib/seal'
import { siteUrl } from '../../lib/site-url'
import { presignGet } from '../../lib/storage'
import { egovQrMode } from '../../integrations'
import { findUserByContact, type TAuthContext, type TRequestMeta } from '../auth'
import { audit } from '../history'
import { maskIin } from '../../../shared/explorer'
import {
  compactSteps,
  SIGNING_MAX_DEADLINE_DAYS,
  type TCreateSigningRequestInput,
  type TDeclineInput,
  type TPartyContactInput,
  type TPartySignInput,
  type TSigningInvitation,
  type TSigningRequestView,
} from '../../../shared/signing'
import { EXPLORER_ROLES, openFile, UUID } from './access'
import { explorerError, explorerNotFound } from './errors'
import { notifyFileChanged } from './signals'
import { storeSignature, verifyForVersion } from './sign-file'
import { storedPublicSignature } from './verify'

/**
 * Signing requests (shared/signing.ts): a member sends a clean file to parties, who sign
 * it with their own qualified certificate through a link, step by step. The version sent
 * is pinned: the parties sign exactly those bytes. Messages go through the outbox
 * (SigningMessageRequested → notification) in the transaction that decides them.
 */

export const TOKEN_LOOKUP: TRateLimitRule = { name: 'signing-link:ip', limit: 120, windowMs: 15 * 60_000 }
export const TOKEN_ACTION: TRateLimitRule = { name: 'signing-act:ip', limit: 20, windowMs: 15 * 60_000 }
/** A sender's "remind now" reaches a party at most once an hour. */
const MANUAL_REMIND_GAP_MS = 3600_000

type TRequestWithParties = SigningRequest & { parties: SigningParty[] }

/** Parties in the order they sign: by step, then as the sender listed them. */
const byTurn = (a: SigningParty, b: SigningParty) => a.step - b.step || a.position - b.position

export function toSigningRequestView(r: TRequestWithParties, version: number): TSigningRequestView {
  return {
    id: r.id,
    fileId: r.fileId,
    version,
    senderName: r.senderName,
    message: r.message,
    deadline: r.deadline?.toISOString() ?? null,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
    parties: [...r.parties]
      .sort(byTurn)
      .map((p) => ({
        id: p.id,
        step: p.step,
        name: p.name,
        email: p.email,
        phone: p.phone,
        iin: p.iin,
        bin: p.bin,
        role: p.role,
        status: p.status,
        declineReason: p.declineReason,
        invitedAt: p.invitedAt?.toISOString() ?? null,
        remindedAt: p.remindedAt?.toISOString() ?? null,
        actedAt: p.actedAt?.toISOString() ?? null,
      })),
  }
}

type TMessageKind = TEventPayload<'SigningMessageRequested'>['kind']

/** A party's invitation or reminder, by the channel the sender gave (email first). */
async function messageParty(tx: TTx, r: SigningRequest, fileName: string, p: SigningParty, kind: 'invite' | 'reminder'): Promise<void> {
  await publish(tx, 'SigningMessageRequested', {
    requestId: r.id,
    kind,
    channel: p.email ? 'email' : 'phone',
    to: (p.email ?? p.phone)!,
    locale: p.locale,
    fileName,
    senderName: r.senderName,
    partyName: p.name,
    reason: null,
    message: r.message,
    deadline: r.deadline?.toISOString() ?? null,
    link: p.linkSealed,
  })
}

/** The sender hears by email (when their account has one) with a link to the file's page. */
async function messageSender(tx: TTx, r: SigningRequest, fileName: string, kind: Exclude<TMessageKind, 'invite' | 'reminder'>, about: SigningParty | null): Promise<void> {
  if (!r.senderEmail) return
  await publish(tx, 'SigningMessageRequested', {
    requestId: r.id,
    kind,
    channel: 'email',
    to: r.senderEmail,
    locale: r.senderLocale,
    fileName,
    senderName: r.senderName,
    partyName: about?.name ?? null,
    reason: about?.declineReason ?? null,
    message: null,
    deadline: r.deadline?.toISOString() ?? null,
    link: seal(siteUrl(`/files/${r.fileId}`, r.senderLocale).toString()),
  })
}

/**
 * Sends the file's current version for signing. It must be clean and out of the trash,
 * and the file must have no other active request (409). The parties of the first step
 * are invited at once.
 */
export async function createSigningRequest(auth: TAuthContext, meta: TRequestMeta, fileId: string, input: TCreateSigningRequestInput): Promise<TSigningRequestView> {
  const c = await openFile(auth, fileId, meta, EXPLORER_ROLES.write)
  if (c.current.status === 'uploading') throw explorerNotFound('file')
  if (c.file.trashedAt) throw explorerError('in_trash', 'This file is in the trash: restore it first.')
  if (c.current.status === 'infected') throw explorerError('infected', 'The antivirus found a threat in this file: it cannot be sent for signing.', { threat: c.current.threat })
  if (c.current.status !== 'clean') throw explorerError('not_clean', 'The file is still being checked by the antivirus: send it in a moment.')
  const deadline = input.deadline ? new Date(input.deadline) : null
  if (deadline && (deadline.getTime() <= Date.now() || deadline.getTime() > Date.now() + SIGNING_MAX_DEADLINE_DAYS * 86400_000)) {
    throw explorerError('deadline_invalid', `The deadline must be in the future and within ${SIGNING_MAX_DEADLINE_DAYS} days.`, {}, 'deadline')
  }
  const steps = compactSteps(input.parties.map((p) => p.step))
  // Each party reads in their own language when they have an account, else in the sender's.
  const locales = await Promise.all(input.parties.map(async (p) => (await findUserByContact({ email: p.email, phone: p.email ? undefined : p.phone }))?.locale ?? auth.user.locale))
  const tokens = input.parties.map(() => newLinkToken())

  const created = await useDb().$transaction(async (tx) => {
    // One active request per file: the lock makes two simultaneous sends one.
    await tx.$queryRaw`SELECT id FROM files WHERE id = ${c.file.id}::uuid FOR UPDATE`
    const active = await tx.signingRequest.findFirst({ where: { fileId: c.file.id, status: 'active' } })
    if (active) throw explorerError('signing_active', 'This file is already out for signing: cancel that request first.')
    const now = new Date()
    const row = await tx.signingRequest.create({
      data: {
        fileId: c.file.id,
        versionId: c.current.id,
        workspaceId: c.file.workspaceId,
        createdBy: auth.user.id,
        senderName: auth.user.name?.trim() || auth.user.email || auth.user.phone || '—',
        senderEmail: auth.user.email,
        senderLocale: auth.user.locale,
        message: input.message ?? null,
        deadline,
        parties: {
          create: input.parties.map((p, i) => ({
            step: steps[i]!,
            position: i,
            name: p.name,
            email: p.email ?? null,
            phone: p.email ? null : (p.phone ?? null),
            iin: p.iin ?? null,
            bin: p.bin ?? null,
            role: p.role ?? null,
            locale: locales[i]!,
            status: steps[i] === 1 ? 'invited' : 'waiting',
            invitedAt: steps[i] === 1 ? now : null,
            tokenHash: hashLinkToken(tokens[i]!),
            linkSealed: seal(siteUrl(`/sign/${tokens[i]!}`, locales[i]).toString()),
          })),
        },
      },
      include: { parties: true },
    })
    for (const p of row.parties) if (p.status === 'invited') await messageParty(tx, row, c.file.name, p, 'invite')
    await publish(tx, 'SigningRequestUpdated', { requestId: row.id, fileId: c.file.id, workspaceId: c.file.workspaceId, status: 'active' })
    await audit(tx, {
      action: 'signing.request',
      actorUserId: auth.user.id,
      workspaceId: c.file.workspaceId,
      entityId: row.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      diff: { fileId: c.file.id, version: c.current.number, parties: row.parties.map((p) => ({ name: p.name, step: p.step, iin: p.iin, bin: p.bin })) },
    })
    return row
  })
  notifyFileChanged(c.file.workspaceId, c.file.id, 'updated')
  return toSigningRequestView(created, c.current.number)
}

/** The file's requests, newest first (members who may see the file). */
export async function listSigningRequests(auth: TAuthContext, meta: TRequestMeta, fileId: string): Promise<TSigningRequestView[]> {
  const c = await openFile(auth, fileId, meta, EXPLORER_ROLES.read)
  const rows = await useDb().signingRequest.findMany({ where: { fileId: c.file.id }, include: { parties: true, version: true }, orderBy: { createdAt: 'desc' }, take: 50 })
  return rows.map((r) => toSigningRequestView(r, r.version.number))
}

/** A request of a file the caller may change, locked for this transaction; 404 for another workspace's. */
async function openRequest(tx: TTx, auth: TAuthContext, meta: TRequestMeta, requestId: string): Promise<{ request: TRequestWithParties; file: File; version: FileVersion }> {
  const head = UUID.test(requestId) ? await tx.signingRequest.findUnique({ where: { id: requestId } }) : null
  if (!head) throw signingNotFound()
  const c = await openFile(auth, head.fileId, meta, EXPLORER_ROLES.write, tx).catch((e: unknown) => {
    throw isAppError(e) && e.code === 'NOT_FOUND' ? signingNotFound() : e
  })
  await tx.$queryRaw`SELECT id FROM signing_requests WHERE id = ${requestId}::uuid FOR UPDATE`
  const request = await tx.signingRequest.findUniqueOrThrow({ where: { id: requestId }, include: { parties: true, version: true } })
  return { request, file: c.file, version: request.version }
}

export function signingNotFound(): AppError {
  return AppError.notFound('signing request', { messageKey: 'errors.explorer.signing_not_found' })
}

/** The sender (or any member who may change the file) stops a request: links stop working, nothing signed is undone. */
export async function cancelSigningRequest(auth: TAuthContext, meta: TRequestMeta, requestId: string): Promise<TSigningRequestView> {
  const { row, version, workspaceId, fileId } = await useDb().$transaction(async (tx) => {
    const o = await openRequest(tx, auth, meta, requestId)
    if (o.request.status !== 'active') throw explorerError('request_closed', 'This signing request is already closed.')
    const row = await tx.signingRequest.update({ where: { id: requestId }, data: { status: 'cancelled', closedAt: new Date() }, include: { parties: true } })
    await publish(tx, 'SigningRequestUpdated', { requestId, fileId: o.file.id, workspaceId: o.file.workspaceId, status: 'cancelled' })
    await audit(tx, { action: 'signing.cancel', actorUserId: auth.user.id, workspaceId: o.file.workspaceId, entityId: requestId, ip: meta.ip, userAgent: meta.userAgent })
    return { row, version: o.version.number, workspaceId: o.file.workspaceId, fileId: o.file.id }
  })
  notifyFileChanged(workspaceId, fileId, 'updated')
  return toSigningRequestView(row, version)
}

/** Reminds the invited parties now, except those reminded (or invited) within the hour. */
export async function remindSigningParties(auth: TAuthContext, meta: TRequestMeta, requestId: string): Promise<{ reminded: number }> {
  return useDb().$transaction(async (tx) => {
    const o = await openRequest(tx, auth, meta, requestId)
    if (o.request.status !== 'active') throw explorerError('request_closed', 'This signing request is already closed.')
    const due = o.request.parties.filter((p) => p.status === 'invited' && Date.now() - (p.remindedAt ?? p.invitedAt ?? new Date(0)).getTime() >= MANUAL_REMIND_GAP_MS)
    for (const p of due) {
      await tx.signingParty.update({ where: { id: p.id }, data: { remindedAt: new Date() } })
      await messageParty(tx, o.request, o.file.name, p, 'reminder')
    }
    return { reminded: due.length }
  })
}

/**
 * The sender corrects a party's email or phone (a typo, a new number): the party gets a new
 * link there (the old one stops working, an open QR of theirs is closed) and, when it is their
 * turn, the invitation again. Only while the request is active and the party has not acted.
 */
export async function changePartyContact(auth: TAuthContext, meta: TRequestMeta, requestId: string, partyId: string, input: TPartyContactInput): Promise<TSigningRequestView> {
  const { row, version, workspaceId, fileId } = await useDb().$transaction(async (tx) => {
    const o = await openRequest(tx, auth, meta, requestId)
    if (o.request.status !== 'active') throw explorerError('request_closed', 'This signing request is already closed.')
    const party = o.request.parties.find((p) => p.id === partyId)
    if (!party) throw signingNotFound()
    if (party.status === 'signed' || party.status === 'declined') throw explorerError('party_done', `This party has already ${party.status}.`, { status: party.status })
    const token = newLinkToken()
    const now = new Date()
    const changed = await tx.signingParty.update({
      where: { id: party.id },
      data: {
        email: input.email ?? null,
        phone: input.email ? null : (input.phone ?? null),
        tokenHash: hashLinkToken(token),
        linkSealed: seal(siteUrl(`/sign/${token}`, party.locale).toString()),
        ...(party.status === 'invited' ? { invitedAt: now, remindedAt: null } : {}),
      },
    })
    await tx.egovSignSession.updateMany({ where: { partyId: party.id, status: { in: ['waiting_scan', 'waiting_signature'] } }, data: { status: 'cancelled' } })
    if (changed.status === 'invited') await messageParty(tx, o.request, o.file.name, changed, 'invite')
    await audit(tx, {
      action: 'signing.contact',
      actorUserId: auth.user.id,
      workspaceId: o.file.workspaceId,
      entityId: requestId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      diff: { partyId: party.id, channel: input.email ? 'email' : 'phone' },
    })
    const row = await tx.signingRequest.findUniqueOrThrow({ where: { id: requestId }, include: { parties: true } })
    return { row, version: o.version.number, workspaceId: o.file.workspaceId, fileId: o.file.id }
  })
  notifyFileChanged(workspaceId, fileId, 'updated')
  return toSigningRequestView(row, version)
}

/** The party a link names, with its request, file and pinned version; one 404 for any dead or unknown link. */
export async function partyByToken(tx: TTx, token: string) {
  return partyByHash(tx, tokenHashOf(token))
}

/** What a link's token is looked up by; a token that cannot be one of ours is the same 404. */
function tokenHashOf(token: string): string {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw signingNotFound()
  return hashLinkToken(token)
}

async function partyByHash(tx: TTx, tokenHash: string) {
  const party = await tx.signingParty.findUnique({
    where: { tokenHash },
    include: { request: { include: { parties: true, file: true, version: true } } },
  })
  if (!party || party.request.status === 'cancelled' || party.request.file.trashedAt) throw signingNotFound()
  return party
}

/** A deadline that passed counts as expired before the sweep has closed the request. */
function effectiveStatus(r: SigningRequest): SigningRequest['status'] {
  return r.status === 'active' && r.deadline && r.deadline.getTime() <= Date.now() ? 'expired' : r.status
}

async function invitationView(tx: TTx, tokenHash: string): Promise<TSigningInvitation> {
  const party = await partyByHash(tx, tokenHash)
  const r = party.request
  const signatures = await tx.fileSignature.findMany({ where: { versionId: r.versionId }, orderBy: { createdAt: 'asc' } })
  return {
    status: effectiveStatus(r),
    fileName: r.file.name,
    size: r.version.size,
    sha256: r.version.sha256,
    senderName: r.senderName,
    message: r.message,
    deadline: r.deadline?.toISOString() ?? null,
    verifyCode: r.file.verifyCode,
    me: {
      name: party.name,
      role: party.role,
      step: party.step,
      status: party.status,
      iin: party.iin,
      bin: party.bin,
      declineReason: party.declineReason,
      actedAt: party.actedAt?.toISOString() ?? null,
    },
    parties: [...r.parties]
      .sort(byTurn)
      .map((p) => ({ name: p.name, role: p.role, step: p.step, status: p.status, actedAt: p.actedAt?.toISOString() ?? null })),
    signatures: signatures.map(storedPublicSignature),
    egovQr: egovQrMode() !== null,
  }
}

/** What the party's link shows (public: the link is the party's key; 120 a quarter-hour per address). */
export async function getSigningInvitation(token: string, ip: string | null): Promise<TSigningInvitation> {
  await enforceRateLimit(TOKEN_LOOKUP, ip ?? 'unknown')
  return invitationView(useDb(), tokenHashOf(token))
}

/** A five-minute link to the pinned version's bytes, for the party to read (and for NCALayer to sign). */
export async function signingDocumentLink(token: string, ip: string | null): Promise<{ url: string; expiresAt: string; fileName: string }> {
  await enforceRateLimit(TOKEN_LOOKUP, ip ?? 'unknown')
  const party = await partyByToken(useDb(), token)
  const link = await presignGet(party.request.version.objectKey, { expiresSec: 300, filename: party.request.file.name })
  return { url: link.url, expiresAt: link.expiresAt.toISOString(), fileName: party.request.file.name }
}

/** Why this party cannot act now, if it cannot. */
export function assertMayAct(party: SigningParty & { request: SigningRequest }): void {
  const status = effectiveStatus(party.request)
  if (status !== 'active') throw explorerError('request_closed', `This signing request is ${status}: it can no longer be signed.`, { status })
  if (party.status === 'signed' || party.status === 'declined') throw explorerError('party_done', `You have already ${party.status} this document.`, { status: party.status })
  if (party.status === 'waiting') throw explorerError('not_your_turn', 'Earlier parties have not signed yet: you will get the link again when it is your turn.')
}

/**
 * The party signs the pinned version through its link. The CMS is verified as any
 * signature (400, nothing stored); the certificate must carry the IIN and BIN the sender
 * gave for the party (400 iin_mismatch / bin_mismatch). Stored with FileSigned; the next
 * step is invited when this one is complete, and the request completes with the last
 * signature. Two parties of one step signing at once serialise on the request's row. A
 * signed-in caller whose email or phone is the party's signs as their account (the
 * signature and FileSigned carry the user id); anyone else with the link signs anonymously.
 */
export async function signAsParty(token: string, meta: TRequestMeta, input: TPartySignInput, caller: TAuthContext | null = null): Promise<TSigningInvitation> {
  await enforceRateLimit(TOKEN_ACTION, meta.ip ?? 'unknown')
  const party = await partyByToken(useDb(), token)
  return signPartyWithCms(party.tokenHash, meta, input.cms, partyAccount(party, caller))
}

/** The caller's account when the party's link was sent to that account's own email or phone, else null. */
export function partyAccount(party: Pick<SigningParty, 'email' | 'phone'>, caller: TAuthContext | null): string | null {
  if (!caller) return null
  const own = (party.email && caller.user.email === party.email) || (party.phone && caller.user.phone === party.phone)
  return own ? caller.user.id : null
}

/**
 * The party's signature, however it was made (NCALayer in the page, eGov mobile through the
 * worker): verified, matched to the party's IIN and BIN, stored, and the request moved on.
 * `userId`: the account it is recorded for (partyAccount), null for an anonymous link.
 */
export async function signPartyWithCms(tokenHash: string, meta: TRequestMeta, cmsBase64: string, userId: string | null): Promise<TSigningInvitation> {
  const first = await partyByHash(useDb(), tokenHash)
  assertMayAct(first)
  const { cms, result, signer } = await verifyForVersion(first.request.version, cmsBase64)
  const cert = signer.certificate
  if (first.iin && cert.iin !== first.iin) {
    throw explorerError('iin_mismatch', `The certificate is not this party's: its IIN is ${maskIin(cert.iin) ?? 'absent'}.`, { certificateIin: maskIin(cert.iin) })
  }
  if (first.bin && cert.bin !== first.bin) {
    throw explorerError('bin_mismatch', `The certificate is not the company's: its BIN is ${cert.bin ?? 'absent'}, the party's is ${first.bin}.`, { certificateBin: cert.bin, companyBin: first.bin })
  }
  const { view, workspaceId, fileId } = await useDb().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM signing_requests WHERE id = ${first.requestId}::uuid FOR UPDATE`
    const party = await partyByHash(tx, tokenHash)
    assertMayAct(party)
    const r = party.request
    const signature = await storeSignature(tx, { file: r.file, version: r.version, cms, result, signer, userId, companyWorkspaceId: null })
    const now = new Date()
    await tx.signingParty.update({ where: { id: party.id }, data: { status: 'signed', signatureId: signature.id, actedAt: now } })
    const others = r.parties.filter((p) => p.id !== party.id && p.status !== 'signed')
    if (others.length === 0) {
      await tx.signingRequest.update({ where: { id: r.id }, data: { status: 'completed', closedAt: now } })
      await publish(tx, 'SigningRequestUpdated', { requestId: r.id, fileId: r.fileId, workspaceId: r.workspaceId, status: 'completed' })
      await messageSender(tx, r, r.file.name, 'completed', null)
    } else {
      await messageSender(tx, r, r.file.name, 'signed', party)
      if (!others.some((p) => p.step === party.step)) {
        const next = Math.min(...others.map((p) => p.step))
        for (const p of others.filter((o) => o.step === next)) {
          const invited = await tx.signingParty.update({ where: { id: p.id }, data: { status: 'invited', invitedAt: now } })
          await messageParty(tx, r, r.file.name, invited, 'invite')
        }
      }
    }
    await audit(tx, {
      action: 'signing.sign',
      actorUserId: signature.userId,
      workspaceId: r.workspaceId,
      entityId: r.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      diff: { partyId: party.id, signatureId: signature.id, serialNumber: cert.serialNumber, iin: cert.iin, bin: cert.bin },
    })
    return { view: await invitationView(tx, tokenHash), workspaceId: r.workspaceId, fileId: r.fileId }
  })
  notifyFileChanged(workspaceId, fileId, 'signed')
  return view
}

/** The party refuses, with a reason the sender reads: the request is declined for everyone. */
export async function declineAsParty(token: string, meta: TRequestMeta, input: TDeclineInput): Promise<TSigningInvitation> {
  await enforceRateLimit(TOKEN_ACTION, meta.ip ?? 'unknown')
  const { view, workspaceId, fileId } = await useDb().$transaction(async (tx) => {
    const head = await partyByToken(tx, token)
    await tx.$queryRaw`SELECT id FROM signing_requests WHERE id = ${head.requestId}::uuid FOR UPDATE`
    const party = await partyByToken(tx, token)
    assertMayAct(party)
    const now = new Date()
    const declined = await tx.signingParty.update({ where: { id: party.id }, data: { status: 'declined', declineReason: input.reason, actedAt: now } })
    await tx.signingRequest.update({ where: { id: party.requestId }, data: { status: 'declined', closedAt: now } })
    await publish(tx, 'SigningRequestUpdated', { requestId: party.requestId, fileId: party.request.fileId, workspaceId: party.request.workspaceId, status: 'declined' })
    await messageSender(tx, party.request, party.request.file.name, 'declined', declined)
    await audit(tx, {
      action: 'signing.decline',
      actorUserId: null,
      workspaceId: party.request.workspaceId,
      entityId: party.requestId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      diff: { partyId: party.id, reason: input.reason },
    })
    return { view: await invitationView(tx, party.tokenHash), workspaceId: party.request.workspaceId, fileId: party.request.fileId }
  })
  notifyFileChanged(workspaceId, fileId, 'updated')
  return view
}

/**
 * The worker's sweep (job explorer.signingSweep): requests past their deadline close as
 * expired (the sender is told), and invited parties get a reminder every
 * SIGNING_REMIND_HOURS. Each request in its own short transaction; a request another
 * transaction holds is left for the next run.
 */
export async function sweepSigningRequests(now = new Date()): Promise<{ expired: number; reminded: number }> {
  const db = useDb()
  let expired = 0
  const due = await db.signingRequest.findMany({ where: { status: 'active', deadline: { lte: now } }, select: { id: true }, take: 500 })
  for (const { id } of due) {
    const done = await db.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM signing_requests WHERE id = ${id}::uuid AND status = 'active' FOR UPDATE SKIP LOCKED`
      if (locked.length === 0) return false
      const r = await tx.signingRequest.update({ where: { id }, data: { status: 'expired', closedAt: now }, include: { file: true } })
      await publish(tx, 'SigningRequestUpdated', { requestId: r.id, fileId: r.fileId, workspaceId: r.workspaceId, status: 'expired' })
      await messageSender(tx, r, r.file.name, 'expired', null)
      await audit(tx, { action: 'signing.expire', actorUserId: null, workspaceId: r.workspaceId, entityId: r.id })
      return true
    })
    if (done) expired++
  }

  let reminded = 0
  const hours = useConfig().SIGNING_REMIND_HOURS
  if (hours > 0) {
    const before = new Date(now.getTime() - hours * 3600_000)
    const parties = await db.signingParty.findMany({
      where: { status: 'invited', request: { status: 'active' }, OR: [{ remindedAt: { lte: before } }, { remindedAt: null, invitedAt: { lte: before } }] },
      select: { id: true },
      take: 1000,
    })
    for (const { id } of parties) {
      const done = await db.$transaction(async (tx) => {
        // Claimed by a conditional update: two sweeps at once remind a party once.
        const claimed = await tx.signingParty.updateMany({
          where: { id, status: 'invited', OR: [{ remindedAt: { lte: before } }, { remindedAt: null, invitedAt: { lte: before } }] },
          data: { remindedAt: now },
        })
        if (claimed.count === 0) return false
        const p = await tx.signingParty.findUniqueOrThrow({ where: { id }, include: { request: { include: { file: true } } } })
        await messageParty(tx, p.request, p.request.file.name, p, 'reminder')
        return true
      })
      if (done) reminded++
    }
  }
  return { expired, reminded }
}
