import { sendEmail, sendSms } from '../../integrations'
import { useConfig } from '../../lib/config'
import { useLogger } from '../../lib/log'
import { emailMessage, smsMessage } from './messages'

/**
 * Sends a person their link (email, through the integrations' email provider: the
 * sandbox outbox records it when no SMTP is configured) or code (SMS through the
 * integrations' sms provider, sandbox-only until the notification issue adds SMSC;
 * outside production the code also reaches the caller as `devToken`).
 * A failed send does not undo the caller's change: the person can ask again.
 */
export type TDeliveryKind = 'verify_email' | 'verify_phone' | 'reset_password' | 'change_email' | 'change_phone'
type TCodeKind = 'verify_phone' | 'change_phone'
type TLinkKind = Exclude<TDeliveryKind, TCodeKind>

function isCodeKind(kind: TDeliveryKind): kind is TCodeKind {
  return kind === 'verify_phone' || kind === 'change_phone'
}

const PATHS: Record<TLinkKind, string> = {
  verify_email: '/auth/verify',
  reset_password: '/auth/reset-password',
  change_email: '/auth/confirm-email',
}

export function linkFor(kind: TLinkKind, token: string): string {
  const url = new URL(PATHS[kind], useConfig().PUBLIC_URL)
  url.searchParams.set('token', token)
  return url.toString()
}

export interface TDelivery {
  channel: 'email' | 'phone'
  /** Whether the message left (or was recorded by the sandbox). */
  sent: boolean
  /** The raw link token or code and the link: only outside production (tests, local sign-up). */
  devToken?: string
  link?: string
}

const log = useLogger('auth')

export async function deliverSecret(
  kind: TDeliveryKind,
  to: { email?: string | null; phone?: string | null; locale?: string },
  secret: string,
): Promise<TDelivery> {
  const dev = useConfig().NODE_ENV !== 'production'
  if (isCodeKind(kind)) {
    let sent = false
    if (to.phone) {
      try {
        await sendSms({ to: to.phone, text: smsMessage(kind, to.locale ?? 'ru', secret) })
        sent = true
      } catch (e) {
        log.warn('verification SMS not sent', { kind, err: e instanceof Error ? e.message : String(e) })
      }
    }
    return { channel: 'phone', sent, ...(dev ? { devToken: secret } : {}) }
  }
  const link = linkFor(kind, secret)
  let sent = false
  if (to.email) {
    try {
      await sendEmail({ to: to.email, ...emailMessage(kind, to.locale ?? 'ru', link) })
      sent = true
    } catch (e) {
      log.warn('verification email not sent', { kind, err: e instanceof Error ? e.message : String(e) })
    }
  }
  return { channel: 'email', sent, ...(dev ? { devToken: secret, link } : {}) }
}
