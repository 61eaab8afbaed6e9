import { XMLBuilder, XMLParser } from 'fast-xml-parser'
import { z } from 'zod'

/**
 * ESEDO (Kazakhstan's electronic document exchange between organisations) through the
 * government gateway's SyncChannel, as ../shared/PROTOCOLS.md records it from public notes,
 * none of it confirmed against the service: a SOAP `SendMessage` in
 * `http://bip.bee.kz/SyncChannel/v10/Types` with `request/requestInfo` (messageId,
 * correlationId, serviceId, messageDate, sender{senderId,password}) and
 * `requestData/data`, here a `docOutgoing` of `http://esedo.nitec.kz/service/model/document`
 * for the service ESEDO_UNIVERSAL_SERVICE; the answer's `responseInfo/status/code` is
 * `SCSS001` on success. Assumed beyond those notes: the recipient's id as `recipientId` in the
 * document, the attachment named by its SHA-256 (the gateway's own file upload is not public),
 * and no WS-Security signature of the body (the gateway's notes require one: see README).
 */
export const SYNC_CHANNEL_NS = 'http://bip.bee.kz/SyncChannel/v10/Types'
export const ESEDO_DOCUMENT_NS = 'http://esedo.nitec.kz/service/model/document'
export const ESEDO_SERVICE_ID = 'ESEDO_UNIVERSAL_SERVICE'
export const ESEDO_SUCCESS = 'SCSS001'

export const ZEsedoSendSchema = z.object({
  messageId: z.uuid(),
  recipientId: z.string().trim().min(1).max(64),
  docNo: z.string().min(1).max(64),
  docDate: z.iso.date(),
  docKind: z.string().max(64),
  docLang: z.enum(['ru', 'kz']),
  description: z.string().min(1).max(500),
  executor: z.string().max(255),
  fileName: z.string().max(255),
  fileSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The signature of the document (CMS, base64): ESEDO's `secondSignData`. */
  cms: z.string().min(1).max(8 * 1024 * 1024),
  signerNameRu: z.string().max(255),
  signerNameKz: z.string().max(255),
})
export type TEsedoSendInput = z.infer<typeof ZEsedoSendSchema>

export interface TEsedoCredentials {
  url: string
  senderId: string
  password: string
}

/** The gateway's answer: accepted (SCSS001) or refused with its code and words. */
export interface TEsedoSendResult {
  accepted: boolean
  code: string
  message: string
  messageId: string
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false })

/** The SendMessage envelope (text escaped by the builder). */
export function sendMessageEnvelope(input: TEsedoSendInput, creds: Pick<TEsedoCredentials, 'senderId' | 'password'>, now = new Date()): string {
  const doc = {
    '@_xmlns': ESEDO_DOCUMENT_NS,
    docNo: input.docNo,
    docDate: input.docDate,
    docKind: input.docKind,
    docLang: input.docLang,
    description: input.description,
    executor: input.executor,
    recipientId: input.recipientId,
    attachments: { fileIdentifier: input.fileSha256, fileName: input.fileName },
    secondSignData: input.cms,
    sheetCount: 1,
    signerNameKz: input.signerNameKz,
    signerNameRu: input.signerNameRu,
  }
  const envelope = {
    'soapenv:Envelope': {
      '@_xmlns:soapenv': 'http://schemas.xmlsoap.org/soap/envelope/',
      '@_xmlns:typ': SYNC_CHANNEL_NS,
      'soapenv:Header': '',
      'soapenv:Body': {
        'typ:SendMessage': {
          request: {
            requestInfo: {
              messageId: input.messageId,
              correlationId: input.messageId,
              serviceId: ESEDO_SERVICE_ID,
              messageDate: now.toISOString(),
              sender: { senderId: creds.senderId, password: creds.password },
            },
            requestData: { data: { docOutgoing: doc } },
          },
        },
      },
    },
  }
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build(envelope)}`
}

const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, trimValues: true, processEntities: true })

export class EsedoProtocolError extends Error {}

/** The status of a SendMessage answer, or of a SOAP Fault (refused with its faultstring). */
export function parseSendMessageResponse(xml: string): { code: string; message: string } {
  let tree: Record<string, unknown>
  try {
    tree = parser.parse(xml) as Record<string, unknown>
  } catch (e) {
    throw new EsedoProtocolError(`not XML: ${(e as Error).message}`)
  }
  const body = (tree.Envelope as Record<string, unknown> | undefined)?.Body as Record<string, unknown> | undefined
  if (!body) throw new EsedoProtocolError('no SOAP body')
  const fault = body.Fault as Record<string, unknown> | undefined
  if (fault) return { code: String(fault.faultcode ?? 'FAULT'), message: String(fault.faultstring ?? 'SOAP fault') }
  const response = (body.SendMessageResponse as Record<string, unknown> | undefined)?.response as Record<string, unknown> | undefined
  const status = (response?.responseInfo as Record<string, unknown> | undefined)?.status as Record<string, unknown> | undefined
  if (!status || typeof status.code !== 'string') throw new EsedoProtocolError('no responseInfo/status/code')
  return { code: status.code, message: typeof status.message === 'string' ? status.message : '' }
}
