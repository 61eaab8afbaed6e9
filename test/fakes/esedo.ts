import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { XMLBuilder, XMLParser } from 'fast-xml-parser'
import { ESEDO_SUCCESS, SYNC_CHANNEL_NS } from '../../server/integrations/esedo/protocol'

/**
 * A local ESEDO SyncChannel gateway for tests: it reads the SOAP SendMessage the way the
 * public notes describe it (requestInfo with the sender's id and password, a docOutgoing in
 * requestData/data), keeps what it received, and answers responseInfo/status: SCSS001, or a
 * refusal for a wrong password (a SOAP Fault) and for `unknownRecipient` (a status code).
 */
export interface TFakeEsedoMessage {
  messageId: string
  serviceId: string
  senderId: string
  doc: Record<string, unknown>
}

export interface TFakeEsedo {
  url: string
  received: TFakeEsedoMessage[]
  /** Answer with this HTTP status and an empty body (a gateway outage). */
  outage: number | null
  close: () => Promise<void>
}

const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false })
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' })

function envelope(body: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build({ 'S:Envelope': { '@_xmlns:S': 'http://schemas.xmlsoap.org/soap/envelope/', 'S:Body': body } })}`
}

export async function startFakeEsedo(opts: { senderId: string; password: string; unknownRecipient?: string }): Promise<TFakeEsedo> {
  const state: TFakeEsedo = { url: '', received: [], outage: null, close: async () => {} }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (state.outage) {
        res.writeHead(state.outage).end()
        return
      }
      const tree = parser.parse(Buffer.concat(chunks).toString('utf8')) as { Envelope?: { Body?: { SendMessage?: { request?: Record<string, any> } } } }
      const request = tree.Envelope?.Body?.SendMessage?.request
      const info = request?.requestInfo
      res.setHeader('content-type', 'text/xml; charset=utf-8')
      if (!info || info.sender?.senderId !== opts.senderId || info.sender?.password !== opts.password) {
        res.writeHead(500).end(envelope({ 'S:Fault': { faultcode: 'S:Client', faultstring: 'Authentication failed' } }))
        return
      }
      const doc = (request.requestData?.data?.docOutgoing ?? {}) as Record<string, unknown>
      state.received.push({ messageId: String(info.messageId), serviceId: String(info.serviceId), senderId: String(info.sender.senderId), doc })
      const status = doc.recipientId === opts.unknownRecipient ? { code: 'ERR_RCPT', message: 'Получатель не зарегистрирован в ЕСЭДО' } : { code: ESEDO_SUCCESS, message: 'Сообщение принято' }
      res.writeHead(200).end(
        envelope({
          'ns2:SendMessageResponse': {
            '@_xmlns:ns2': SYNC_CHANNEL_NS,
            response: { responseInfo: { messageId: info.messageId, responseDate: new Date().toISOString(), status }, responseData: { data: '' } },
          },
        }),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bip-sync-wss-gost/`
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return state
}
