import type { TEventPayload, TListenerMeta } from '../../events'
import { sendEmail, sendSms, wasDelivered } from '../../integrations'
import { unseal } from '../../lib/seal'
import { useConfig } from '../../lib/config'
import { REGION_TIME_ZONES } from '../../../shared/dates'
import { companyClaimEmail, emailMessage, inviteEmail, inviteSms, paymentRequestEmail, signingEmail, signingSms, smsMessage } from './messages'

/**
 * Sends the messages other domains request through events (AuthMessageRequested,
 * WorkspaceInviteCreated). The request wrote the secret and the event in one
 * transaction; the event stays in the outbox until this listener's receipt commits, so
 * a message survives a Redis outage or a worker crash, and a failed send (SMTP down)
 * throws and is retried with the event's backoff, then shows as a dead job.
 *
 * The send itself is outside the listener's transaction (it cannot be rolled back),
 * so its integration-outbox row carries `event:<id>` and is committed at once: a
 * rerun of the listener (a batch rolled back, a retry after a later failure) finds it
 * and does not send again. Only a crash between the provider's answer and that row
 * can still send twice.
 */
type TMessage = { channel: 'email'; to: string; subject: string; text: string } | { channel: 'phone'; to: string; text: string }

async function deliverOnce(meta: TListenerMeta, message: TMessage, recipient?: string): Promise<void> {
  // An event that goes to several people keeps one ref per recipient.
  const ref = recipient ? `event:${meta.eventId}:${recipient}` : `event:${meta.eventId}`
  if (await wasDelivered(ref)) return
  if (message.channel === 'email') await sendEmail({ to: message.to, subject: message.subject, text: message.text }, { ref })
  else await sendSms({ to: message.to, text: message.text }, { ref })
}

export function authMessage(p: TEventPayload<'AuthMessageRequested'>): TMessage {
  const secret = unseal(p.secret)
  if (p.kind === 'verify_phone' || p.kind === 'change_phone') return { channel: 'phone', to: p.to, text: smsMessage(p.kind, p.locale, secret) }
  return { channel: 'email', to: p.to, ...emailMessage(p.kind, p.locale, secret) }
}

export function inviteMessage(p: TEventPayload<'WorkspaceInviteCreated'>): TMessage {
  const link = unseal(p.link)
  if (p.channel === 'phone') return { channel: 'phone', to: p.to, text: inviteSms(p.locale, { workspace: p.workspaceName, link }) }
  return { channel: 'email', to: p.to, ...inviteEmail(p.locale, { workspace: p.workspaceName, role: p.role, link }) }
}

export const sendAuthMessage = (p: TEventPayload<'AuthMessageRequested'>, meta: TListenerMeta) => deliverOnce(meta, authMessage(p))
export const sendInvite = (p: TEventPayload<'WorkspaceInviteCreated'>, meta: TListenerMeta) => deliverOnce(meta, inviteMessage(p))

/** An order waiting for the person's payment (a plan renewal); nothing is sent to someone without an email. */
export async function sendPaymentRequest(p: TEventPayload<'OrderPaymentRequested'>, meta: TListenerMeta): Promise<void> {
  if (!p.email) return
  await deliverOnce(meta, { channel: 'email', to: p.email, ...paymentRequestEmail(p.locale, { title: p.title, amount: p.amountText, link: p.payUrl, payBy: p.payBy }, REGION_TIME_ZONES[useConfig().REGION]) })
}

/** Each owner/admin of the holding workspace gets their own email, in their own language. */
export async function sendCompanyClaim(p: TEventPayload<'WorkspaceCompanyClaimed'>, meta: TListenerMeta): Promise<void> {
  for (const r of p.recipients) {
    const message = companyClaimEmail(r.locale, { holder: p.holderName, workspace: p.workspaceName, number: p.number })
    await deliverOnce(meta, { channel: 'email', to: r.email, ...message }, r.userId)
  }
}

/** A signing request's message: a party's link (email or SMS) or news for the sender (email). */
export function signingMessage(p: TEventPayload<'SigningMessageRequested'>): TMessage {
  const link = unseal(p.link)
  if (p.channel === 'phone') {
    const kind = p.kind === 'reminder' ? 'reminder' : 'invite'
    return { channel: 'phone', to: p.to, text: signingSms(kind, p.locale, { file: p.fileName, sender: p.senderName, link }) }
  }
  const values = { file: p.fileName, sender: p.senderName, party: p.partyName, reason: p.reason, message: p.message, deadline: p.deadline, link }
  return { channel: 'email', to: p.to, ...signingEmail(p.kind, p.locale, values, REGION_TIME_ZONES[useConfig().REGION]) }
}

export const sendSigningMessage = (p: TEventPayload<'SigningMessageRequested'>, meta: TListenerMeta) => deliverOnce(meta, signingMessage(p))
