import { randomUUID } from 'node:crypto'
import { defineOperation, defineProvider, type TCallOptions, type TCallResult } from '../core/provider'
import { ZSendEmailSchema, type TSendEmailInput, type TSendEmailResult } from './schema'
import { createSmtpClient } from './smtp'

export { ZSendEmailSchema, type TSendEmailInput, type TSendEmailResult } from './schema'

/** Large HTML bodies are cut in the outbox row: enough to recognise the message. */
const RECORD_LIMIT = 100_000

/** Transactional email: live over SMTP when SMTP_URL is set, otherwise the sandbox records it. */
export const emailProvider = defineProvider({
  name: 'email',
  operations: {
    send: defineOperation({
      input: ZSendEmailSchema,
      recipient: (m) => m.to,
      sandbox: (): TSendEmailResult => ({ messageId: `<sandbox-${randomUUID()}@dogovor24.local>` }),
      record: (m) => ({ ...m, html: m.html?.slice(0, RECORD_LIMIT), text: m.text?.slice(0, RECORD_LIMIT) }),
    }),
  },
  credentials: (cfg) => (cfg.SMTP_URL ? { url: cfg.SMTP_URL, from: cfg.MAIL_FROM } : undefined),
  live: ({ url, from }) => {
    const smtp = createSmtpClient(url, from)
    return { send: (m) => smtp.send(m), close: () => smtp.close() }
  },
})

/**
 * Sends one email (or records it in the sandbox). Throws AppError VALIDATION for
 * a bad message and UNAVAILABLE when the SMTP server refuses or cannot be reached;
 * either way the outbox has a row saying what happened.
 */
export async function sendEmail(input: TSendEmailInput, opts: TCallOptions = {}): Promise<TCallResult<TSendEmailResult>> {
  return emailProvider.call('send', input, opts)
}
