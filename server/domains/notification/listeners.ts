import { defineListeners } from '../../events'
import type { TListenerMeta } from '../../events'
import { useLogger } from '../../lib/log'
import { sendAuthMessage, sendCompanyClaim, sendInvite, sendPaymentRequest, sendSigningMessage } from './deliver'

const log = useLogger('notification')

// Messages other domains ask for are sent (deliver.ts). For the other events, until
// this domain has in-app notifications, it records that each event reached it:
// the end-to-end path (outbox → relay → queue → listener) is visible in the worker log.
async function received(payload: unknown, meta: TListenerMeta): Promise<void> {
  log.info('event received', { event: meta.name, eventId: meta.eventId, attempt: meta.attempt, payload })
}

export const listeners = defineListeners('notification', {
  UserActivated: received,
  UserLoggedIn: received,
  UserEmailUpdated: received,
  FileSigned: received,
  CreateDocumentCard: received,
  WorkspaceCreated: received,
  WorkspaceUserConfirm: received,
  ModuleActivated: received,
  OrderPaid: received,
  SubscriptionProvide: received,
  AuthMessageRequested: sendAuthMessage,
  WorkspaceInviteCreated: sendInvite,
  WorkspaceCompanyClaimed: sendCompanyClaim,
  OrderPaymentRequested: sendPaymentRequest,
  SigningMessageRequested: sendSigningMessage,
})
