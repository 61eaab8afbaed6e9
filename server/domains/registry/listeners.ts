import { defineListeners, stagedListener, type TEventPayload, type TListenerMeta } from '../../events'
import { useDb } from '../../lib/db'
import { useLogger } from '../../lib/log'
import { ensurePersonalWorkspace } from '../workspace'
import { insertCard } from './cards'
import { sendCardToEsedo } from './esedo'
import { notifyCardChanged } from './signals'
import { refreshCardsOfFile } from './status'

const log = useLogger('registry')

/**
 * A signature or a request's news: the file's cards take their status from the file as it
 * is now (so order and redelivery do not matter); once committed, their open pages hear it.
 */
function refreshFromFile<N extends 'FileSigned' | 'SigningRequestUpdated'>() {
  return stagedListener<N, null>({
    work: async () => null,
    async apply(payload, meta) {
      const n = await refreshCardsOfFile(meta.tx, payload.fileId)
      if (n > 0) log.info('cards refreshed', { event: meta.name, fileId: payload.fileId, cards: n })
    },
    async settled(payload) {
      const cards = await useDb().documentCard.findMany({ where: { fileId: payload.fileId }, select: { id: true, workspaceId: true } })
      for (const c of cards) notifyCardChanged(c)
    },
  })
}

/** A generated document gets a card in its workspace (the owner's personal space when none), once per filling. */
async function createFromDocument(payload: TEventPayload<'CreateDocumentCard'>, meta: TListenerMeta): Promise<void> {
  const tx = meta.tx
  const existing = await tx.documentCard.findUnique({ where: { fillingId: payload.fillingId }, select: { id: true } })
  if (existing) return
  const workspaceId = payload.workspaceId ?? (await ensurePersonalWorkspace(payload.ownerId)).id
  const card = await insertCard(tx, { workspaceId, createdBy: payload.ownerId, title: payload.title, fillingId: payload.fillingId, parties: [] })
  log.info('card created for a document', { cardId: card.id, number: card.number, fillingId: payload.fillingId })
}

export const listeners = defineListeners('registry', {
  FileSigned: refreshFromFile<'FileSigned'>(),
  SigningRequestUpdated: refreshFromFile<'SigningRequestUpdated'>(),
  CreateDocumentCard: createFromDocument,
  EsedoSendRequested: sendCardToEsedo,
})
