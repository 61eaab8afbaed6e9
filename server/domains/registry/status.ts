import type { CardParty, DocumentCardStatus } from '../../generated/prisma/client'
import type { TTx } from '../../lib/db'
import { fileSigningState, type TFileSigningState } from '../explorer'

type TPartyLike = Pick<CardParty, 'kind' | 'taxId'>

/** The signature that is this party's: a person's IIN (or INN) or a company's BIN in the certificate. */
export function signatureOfParty(party: TPartyLike, signatures: TFileSigningState['signatures']): TFileSigningState['signatures'][number] | undefined {
  if (!party.taxId) return undefined
  return signatures.find((s) => (party.kind === 'person' ? s.iin === party.taxId : s.bin === party.taxId))
}

/**
 * A card's status from its file's state, the same whatever order the events came in:
 * signed when every party has signed (a party with a tax id by its own signature; without
 * one, counted against the signatures) or, with no parties listed, when the request
 * completed or someone signed outside a request; a closed request's declined or expired
 * otherwise; partially signed with some signature; sent while a request is open; else draft.
 * A terminated card stays terminated.
 */
export function cardStatusOf(current: DocumentCardStatus, parties: TPartyLike[], state: TFileSigningState | null): DocumentCardStatus {
  if (current === 'terminated') return current
  if (!state) return current
  const sigs = state.signatures
  const request = state.request?.status ?? null
  const allSigned =
    parties.length > 0
      ? parties.every((p) => !p.taxId || signatureOfParty(p, sigs)) && sigs.length >= parties.length
      : request === 'completed' || (request !== 'active' && sigs.length > 0)
  if (allSigned) return 'signed'
  if (request === 'declined' || request === 'expired') return request
  if (sigs.length > 0) return 'partially_signed'
  if (request === 'active') return 'sent'
  return 'draft'
}

/** Sets the status and the parties' signatures of every card of the file from the file's state now. */
export async function refreshCardsOfFile(tx: TTx, fileId: string): Promise<number> {
  const cards = await tx.documentCard.findMany({ where: { fileId }, include: { parties: true } })
  if (cards.length === 0) return 0
  const state = await fileSigningState(fileId, tx)
  for (const card of cards) await applyState(tx, card, state)
  return cards.length
}

export async function applyState(tx: TTx, card: { id: string; status: DocumentCardStatus; parties: CardParty[] }, state: TFileSigningState | null): Promise<DocumentCardStatus> {
  const status = cardStatusOf(card.status, card.parties, state)
  if (status !== card.status) await tx.documentCard.update({ where: { id: card.id }, data: { status } })
  for (const p of card.parties) {
    const sig = state ? signatureOfParty(p, state.signatures) : undefined
    if ((sig?.id ?? null) !== p.signatureId) {
      await tx.cardParty.update({ where: { id: p.id }, data: { signatureId: sig?.id ?? null, signedAt: sig?.signedAt ?? null } })
    }
  }
  return status
}
