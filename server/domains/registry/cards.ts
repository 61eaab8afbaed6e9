import type { Prisma } from '../../generated/prisma/client'
import { useDb, type TTx } from '../../lib/db'
import type { TAuthContext, TRequestMeta } from '../auth'
import { fileSigningState } from '../explorer'
import { audit } from '../history'
import type { TCardPartyInput, TCardView, TCreateCardInput, TUpdateCardInput } from '../../../shared/registry'
import { openCard, REGISTRY_ROLES, registryMember } from './access'
import { registryError, registryNotFound } from './errors'
import { regionToday, takeCardNumber } from './numbering'
import { notifyCardChanged } from './signals'
import { applyState } from './status'
import { toCardView } from './views'

const asDate = (d: string) => new Date(`${d}T00:00:00Z`)

function partyRows(parties: TCardPartyInput[]): Prisma.CardPartyCreateWithoutCardInput[] {
  return parties.map((p, i) => ({ position: i, kind: p.kind, name: p.name, taxId: p.taxId ?? null, ogrn: p.ogrn ?? null, role: p.role ?? null }))
}

/** A type code must be a live `document_type` entry the workspace sees (the platform's or its own). */
async function assertTypeCode(tx: TTx, workspaceId: string, code: string | null | undefined): Promise<void> {
  if (!code) return
  const found = await tx.dictionary.findFirst({ where: { kind: 'document_type', code, archivedAt: null, OR: [{ workspaceId: null }, { workspaceId }] }, select: { id: true } })
  if (!found) throw registryError('unknown_type', `No document type "${code}" in the dictionary.`, { code }, 'typeCode')
}

export interface TNewCard {
  workspaceId: string
  createdBy: string
  title: string
  typeCode?: string | null
  date?: string
  amountMinor?: number
  currency?: string
  termUntil?: string
  note?: string
  fileId?: string | null
  fillingId?: string | null
  parties: TCardPartyInput[]
}

/** Numbers and stores a card in the caller's transaction, its status read from its file. */
export async function insertCard(tx: TTx, input: TNewCard) {
  const date = input.date ?? regionToday()
  const year = Number(date.slice(0, 4))
  const { seq, number } = await takeCardNumber(tx, input.workspaceId, year)
  const card = await tx.documentCard.create({
    data: {
      workspaceId: input.workspaceId,
      number,
      year,
      seq,
      date: asDate(date),
      typeCode: input.typeCode ?? null,
      title: input.title,
      amountMinor: input.amountMinor ?? null,
      currency: input.amountMinor === undefined ? null : (input.currency ?? null),
      termUntil: input.termUntil ? asDate(input.termUntil) : null,
      note: input.note ?? null,
      fileId: input.fileId ?? null,
      fillingId: input.fillingId ?? null,
      createdBy: input.createdBy,
      parties: { create: partyRows(input.parties) },
    },
    include: { parties: true },
  })
  if (card.fileId) {
    card.status = await applyState(tx, card, await fileSigningState(card.fileId, tx))
  }
  return card
}

/** A member registers a document: the next number of the year, its parties, optionally the file whose signatures move its status. */
export async function createCard(auth: TAuthContext, meta: TRequestMeta, input: TCreateCardInput): Promise<TCardView> {
  const ctx = await registryMember(auth, input.workspaceId, meta, REGISTRY_ROLES.write)
  const view = await useDb().$transaction(async (tx) => {
    if (input.fileId) {
      const file = await fileSigningState(input.fileId, tx)
      // Another workspace's file is as unknown as a missing one.
      if (!file || file.workspaceId !== ctx.workspace.id) throw registryNotFound('file')
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`card-file:${input.fileId}`}))`
      const taken = await tx.documentCard.findFirst({ where: { fileId: input.fileId }, select: { number: true } })
      if (taken) throw registryError('file_has_card', `This file is already registered as ${taken.number}.`, { number: taken.number }, 'fileId')
    }
    await assertTypeCode(tx, ctx.workspace.id, input.typeCode)
    const card = await insertCard(tx, { ...input, workspaceId: ctx.workspace.id, createdBy: auth.user.id, fileId: input.fileId ?? null })
    await audit(tx, { action: 'card.create', actorUserId: auth.user.id, workspaceId: ctx.workspace.id, entityId: card.id, ip: meta.ip, userAgent: meta.userAgent, diff: { number: card.number, title: card.title, fileId: card.fileId } })
    const fresh = await tx.documentCard.findUniqueOrThrow({ where: { id: card.id }, include: { parties: true } })
    return toCardView(fresh)
  })
  notifyCardChanged(view)
  return view
}

export async function getCard(auth: TAuthContext, meta: TRequestMeta, cardId: string): Promise<TCardView> {
  const { card } = await openCard(auth, cardId, meta, REGISTRY_ROLES.read)
  const parties = await useDb().cardParty.findMany({ where: { cardId: card.id } })
  return toCardView({ ...card, parties })
}

/**
 * A member edits a card. Its parties are replaced only while nobody has signed (a signed
 * party's record is the registry's evidence); `terminated` ends a signed card and `signed`
 * undoes that. The number never changes: it is the card's identity in the register.
 */
export async function updateCard(auth: TAuthContext, meta: TRequestMeta, cardId: string, input: TUpdateCardInput): Promise<TCardView> {
  const view = await useDb().$transaction(async (tx) => {
    const { ctx } = await openCard(auth, cardId, meta, REGISTRY_ROLES.write, tx)
    await tx.$queryRaw`SELECT id FROM document_cards WHERE id = ${cardId}::uuid FOR UPDATE`
    const card = await tx.documentCard.findUniqueOrThrow({ where: { id: cardId }, include: { parties: true } })
    if (input.typeCode !== undefined) await assertTypeCode(tx, ctx.workspace.id, input.typeCode)
    const data: Prisma.DocumentCardUpdateInput = {}
    if (input.title !== undefined) data.title = input.title
    if (input.typeCode !== undefined) data.typeCode = input.typeCode
    if (input.date !== undefined) data.date = asDate(input.date)
    if (input.amountMinor !== undefined) data.amountMinor = input.amountMinor
    if (input.currency !== undefined) data.currency = input.currency
    if (input.termUntil !== undefined) data.termUntil = input.termUntil === null ? null : asDate(input.termUntil)
    if (input.note !== undefined) data.note = input.note
    const amount = input.amountMinor !== undefined ? input.amountMinor : card.amountMinor
    const currency = input.currency !== undefined ? input.currency : card.currency
    if (amount !== null && !currency) throw registryError('currency_required', 'An amount needs its currency.', {}, 'currency')
    if (input.status === 'terminated') {
      if (card.status !== 'signed') throw registryError('not_signed', 'Only a signed document can be terminated.')
      data.status = 'terminated'
    } else if (input.status === 'signed') {
      if (card.status !== 'terminated') throw registryError('not_terminated', 'The document is not terminated.')
      data.status = 'signed'
    }
    if (input.parties !== undefined) {
      if (card.parties.some((p) => p.signedAt)) throw registryError('parties_locked', 'A party has signed: the parties can no longer change.')
      await tx.cardParty.deleteMany({ where: { cardId } })
      data.parties = { create: partyRows(input.parties) }
    }
    await tx.documentCard.update({ where: { id: cardId }, data })
    let fresh = await tx.documentCard.findUniqueOrThrow({ where: { id: cardId }, include: { parties: true } })
    if (input.parties !== undefined && fresh.fileId) {
      await applyState(tx, fresh, await fileSigningState(fresh.fileId, tx))
      fresh = await tx.documentCard.findUniqueOrThrow({ where: { id: cardId }, include: { parties: true } })
    }
    await audit(tx, {
      action: input.status === 'terminated' ? 'card.terminate' : 'card.update',
      actorUserId: auth.user.id,
      workspaceId: ctx.workspace.id,
      entityId: cardId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      diff: { fields: Object.keys(input) },
    })
    return toCardView(fresh)
  })
  notifyCardChanged(view)
  return view
}
