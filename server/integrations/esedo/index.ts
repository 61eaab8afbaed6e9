import { AppError } from '../../lib/errors'
import { defineOperation, defineProvider, type TCallOptions, type TCallResult } from '../core/provider'
import { sendToEsedo } from './client'
import { ESEDO_SUCCESS, ZEsedoSendSchema, type TEsedoCredentials, type TEsedoSendInput, type TEsedoSendResult } from './protocol'

export { ZEsedoSendSchema, type TEsedoSendInput, type TEsedoSendResult } from './protocol'

export const esedoProvider = defineProvider({
  name: 'esedo',
  operations: {
    sendDocument: defineOperation({
      input: ZEsedoSendSchema,
      recipient: (i) => i.recipientId,
      // The outbox keeps what was sent, not the signature's bytes.
      record: (i) => ({ ...i, cms: `[${i.cms.length} base64 characters]` }),
      sandbox: (i): TEsedoSendResult => ({ accepted: true, code: ESEDO_SUCCESS, message: 'sandbox: recorded, nothing was sent', messageId: i.messageId }),
    }),
  },
  credentials: (cfg): TEsedoCredentials | undefined => {
    if (!cfg.ESEDO_URL) return undefined
    if (!cfg.ESEDO_SENDER_ID || !cfg.ESEDO_PASSWORD) throw new AppError('INTERNAL', 'ESEDO_URL is set without ESEDO_SENDER_ID and ESEDO_PASSWORD.')
    return { url: cfg.ESEDO_URL, senderId: cfg.ESEDO_SENDER_ID, password: cfg.ESEDO_PASSWORD }
  },
  live: (creds) => ({ sendDocument: (input) => sendToEsedo(creds, input) }),
})

/** Sends a signed document to an organisation through ESEDO (the sandbox records it when ESEDO_URL is empty). */
export async function sendToEsedoGateway(input: TEsedoSendInput, opts: TCallOptions = {}): Promise<TCallResult<TEsedoSendResult>> {
  return esedoProvider.call('sendDocument', input, opts)
}
