import { publish } from '../../events'
import { useConfig } from '../../lib/config'
import type { TDb } from '../../lib/db'
import { seal } from '../../lib/seal'
import { siteUrl } from '../../lib/site-url'

/**
 * Asks the worker to send a person their link (email) or code (SMS): publishes
 * AuthMessageRequested, sealed, in the caller's transaction, next to the secret's
 * row, so either both commit or neither. The request neither waits for the mail
 * server nor fails with it; the notification domain renders the message in the
 * person's locale and sends it (retried until the provider takes it).
 * Outside production the secret also reaches the caller as `devToken`.
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

/** The page in the person's language (its URL prefix), so the link opens as the message reads. */
export function linkFor(kind: TLinkKind, token: string, locale?: string): string {
  const url = siteUrl(PATHS[kind], locale)
  url.searchParams.set('token', token)
  return url.toString()
}

export interface TDelivery {
  channel: 'email' | 'phone'
  /** The message is queued for the worker (false: no address to send it to). */
  queued: boolean
  /** The raw link token or code and the link: only outside production (tests, local sign-up). */
  devToken?: string
  link?: string
}

export async function requestDelivery(
  tx: TDb,
  kind: TDeliveryKind,
  to: { userId: string; email?: string | null; phone?: string | null; locale?: string },
  secret: string,
): Promise<TDelivery> {
  const dev = useConfig().NODE_ENV !== 'production'
  const channel = isCodeKind(kind) ? 'phone' : 'email'
  const address = channel === 'phone' ? to.phone : to.email
  const link = isCodeKind(kind) ? undefined : linkFor(kind, secret, to.locale)
  if (address) {
    await publish(tx, 'AuthMessageRequested', {
      userId: to.userId,
      kind,
      channel,
      to: address,
      locale: to.locale ?? 'ru',
      secret: seal(link ?? secret),
    })
  }
  return { channel, queued: Boolean(address), ...(dev ? { devToken: secret, ...(link ? { link } : {}) } : {}) }
}
