import nodemailer from 'nodemailer'
import type { TSendEmail, TSendEmailResult } from './schema'

/**
 * The live email client: SMTP through nodemailer, from SMTP_URL
 * (`smtp://user:pass@host:587`, `smtps://...:465`; nodemailer's query options such
 * as `?tls.rejectUnauthorized=false` work too). Pooled, so a worker sending many
 * notifications reuses connections; bounded timeouts, so a stuck server fails
 * the call instead of holding a job forever.
 */
export function createSmtpClient(smtpUrl: string, from: string) {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 5,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0])

  return {
    async send(input: TSendEmail): Promise<TSendEmailResult> {
      const info = await transport.sendMail({ from, to: input.to, subject: input.subject, text: input.text, html: input.html })
      return { messageId: String(info.messageId), response: typeof info.response === 'string' ? info.response : undefined }
    },
    close(): void {
      transport.close()
    },
  }
}
