import type { AddressInfo } from 'node:net'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'

/**
 * A local SMTP server (smtp-server) that keeps every message it accepts, for
 * tests of the live email client. Plain SMTP without STARTTLS; with `auth`, it
 * requires AUTH with exactly those credentials.
 */
export interface TFakeSmtpMessage {
  from: string
  to: string[]
  raw: string
  headers: Record<string, string>
  body: string
}

export interface TFakeSmtpOptions {
  auth?: { user: string; pass: string }
  /** Refuses every recipient with this reply (e.g. `550 5.1.1 no such user`). */
  rejectRecipients?: { code: number; message: string }
}

export interface TFakeSmtp {
  url: string
  port: number
  messages: TFakeSmtpMessage[]
  /** Every AUTH attempt's username, accepted or not. */
  logins: string[]
  close: () => Promise<void>
}

/** RFC 2047 encoded words (`=?UTF-8?B?...?=`, `=?UTF-8?Q?...?=`), enough for nodemailer's headers. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BQbq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) => {
      if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8')
      const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)))
      return Buffer.from(bytes, 'latin1').toString('utf8')
    })
}

/** Header block (unfolded, names lower-cased, encoded words decoded) and the body after the blank line. */
export function parseMessage(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n')
  const head = split === -1 ? raw : raw.slice(0, split)
  const body = split === -1 ? '' : raw.slice(split + 4)
  const headers: Record<string, string> = {}
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':')
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = decodeWords(line.slice(i + 1).trim())
  }
  return { headers, body }
}

export async function startFakeSmtp(opts: TFakeSmtpOptions = {}): Promise<TFakeSmtp> {
  const messages: TFakeSmtpMessage[] = []
  const logins: string[] = []
  const serverOptions: SMTPServerOptions = {
    disabledCommands: opts.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      logins.push(auth.username ?? '')
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) cb(null, { user: auth.username })
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }))
    },
    onRcptTo(_address, _session, cb) {
      const r = opts.rejectRecipients
      if (r) cb(Object.assign(new Error(r.message), { responseCode: r.code }))
      else cb()
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...parseMessage(raw),
        })
        cb()
      })
    },
  }
  const server = new SMTPServer(serverOptions)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.server.address() as AddressInfo).port
  const cred = opts.auth ? `${encodeURIComponent(opts.auth.user)}:${encodeURIComponent(opts.auth.pass)}@` : ''
  return {
    url: `smtp://${cred}127.0.0.1:${port}`,
    port,
    messages,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
