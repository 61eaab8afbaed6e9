import { publish, stagedListener } from '../../events'
import { useDb } from '../../lib/db'
import { useLogger } from '../../lib/log'
import { sendToEsedoGateway, wasDelivered, type TEsedoSendResult } from '../../integrations'
import type { TAuthContext, TRequestMeta } from '../auth'
import { signedFileBundle } from '../explorer'
import { audit } from '../history'
import { companyTaxId } from '../workspace'
import type { TCardView, TEsedoSendRequest } from '../../../shared/registry'
import { openCard, REGISTRY_ROLES } from './access'
import { registryError } from './errors'
import { notifyCardChanged } from './signals'
import { toCardView } from './views'

const log = useLogger('registry')

/**
 * A member sends a signed card's document to an organisation through ESEDO: the card is
 * marked queued and EsedoSendRequested published in one transaction; the worker calls the
 * gateway (sendCardToEsedo). A company's register only (ESEDO links organisations); once
 * queued or sent, not again (409 `esedo_pending`); a failed sending may be tried again.
 */
export async function requestEsedoSend(auth: TAuthContext, meta: TRequestMeta, cardId: string, input: TEsedoSendRequest): Promise<TCardView> {
  const view = await useDb().$transaction(async (tx) => {
    const { ctx } = await openCard(auth, cardId, meta, REGISTRY_ROLES.write, tx)
    await tx.$queryRaw`SELECT id FROM document_cards WHERE id = ${cardId}::uuid FOR UPDATE`
    const card = await tx.documentCard.findUniqueOrThrow({ where: { id: cardId } })
    if (!(await companyTaxId(ctx.workspace.id))) throw registryError('esedo_company_only', 'ESEDO exchanges documents between organisations: send from a company workspace.')
    if (card.status !== 'signed') throw registryError('not_signed', 'Only a signed document can be sent through ESEDO.')
    if (!card.fileId) throw registryError('esedo_no_file', 'The card has no signed file to send.')
    if (card.esedoStatus === 'queued' || card.esedoStatus === 'sent') throw registryError('esedo_pending', 'This document has already been sent through ESEDO.', { status: card.esedoStatus })
    const updated = await tx.documentCard.update({
      where: { id: cardId },
      data: { esedoStatus: 'queued', esedoRecipient: input.recipientId, esedoMessageId: null, esedoError: null, esedoAt: null },
      include: { parties: true },
    })
    await publish(tx, 'EsedoSendRequested', { cardId, recipientId: input.recipientId, requestedBy: auth.user.id })
    await audit(tx, { action: 'card.esedo', actorUserId: auth.user.id, workspaceId: ctx.workspace.id, entityId: cardId, ip: meta.ip, userAgent: meta.userAgent, diff: { recipientId: input.recipientId } })
    return toCardView(updated)
  })
  notifyCardChanged(view)
  return view
}

type TSent = { kind: 'skip' } | { kind: 'answered'; result: TEsedoSendResult } | { kind: 'delivered_before' } | { kind: 'unsendable'; why: string }

/**
 * EsedoSendRequested in the worker, staged: the gateway is called with no transaction open
 * (its outbox row carries `event:<id>`, so a redelivery after a crash does not send twice),
 * then the card records the answer. The event's id is the ESEDO message id.
 */
export const sendCardToEsedo = stagedListener<'EsedoSendRequested', TSent>({
  async work(payload, info) {
    const db = useDb()
    const card = await db.documentCard.findUnique({ where: { id: payload.cardId } })
    if (!card || card.esedoStatus !== 'queued' || !card.fileId) return { kind: 'skip' }
    const ref = `event:${info.eventId}`
    if (await wasDelivered(ref)) return { kind: 'delivered_before' }
    const bundle = await signedFileBundle(card.fileId)
    const senderBin = await companyTaxId(card.workspaceId)
    const signature = bundle?.signatures.find((s) => s.bin && s.bin === senderBin) ?? bundle?.signatures[0]
    if (!bundle || !signature) return { kind: 'unsendable', why: 'the file has no signature' }
    const signer = signature.commonName ?? ''
    const { result } = await sendToEsedoGateway(
      {
        messageId: info.eventId,
        recipientId: payload.recipientId,
        docNo: card.number,
        docDate: card.date.toISOString().slice(0, 10),
        docKind: card.typeCode ?? 'other',
        docLang: 'ru',
        description: card.title.slice(0, 500),
        executor: signer,
        fileName: bundle.name,
        fileSha256: bundle.sha256,
        cms: Buffer.from(signature.cms).toString('base64'),
        signerNameRu: signer,
        signerNameKz: signer,
      },
      { ref },
    )
    return { kind: 'answered', result }
  },
  async apply(payload, meta, done) {
    if (done.kind === 'skip') return
    const now = new Date()
    const data =
      done.kind === 'answered'
        ? done.result.accepted
          ? { esedoStatus: 'sent', esedoMessageId: done.result.messageId, esedoAt: now }
          : { esedoStatus: 'failed', esedoError: `${done.result.code}: ${done.result.message}`.slice(0, 500), esedoAt: now }
        : done.kind === 'delivered_before'
          ? { esedoStatus: 'sent', esedoMessageId: meta.eventId, esedoAt: now }
          : { esedoStatus: 'failed', esedoError: done.why, esedoAt: now }
    const n = await meta.tx.documentCard.updateMany({ where: { id: payload.cardId, esedoStatus: 'queued' }, data })
    if (n.count > 0) log.info('esedo answered', { cardId: payload.cardId, status: data.esedoStatus })
  },
  async settled(payload) {
    const card = await useDb().documentCard.findUnique({ where: { id: payload.cardId }, select: { id: true, workspaceId: true } })
    if (card) notifyCardChanged(card)
  },
})
