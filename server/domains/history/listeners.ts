import { defineListeners, type TListenerMeta } from '../../events'
import type { TAuditAction } from '../../../shared/history-actions'
import { audit } from './audit'

/**
 * One audit path per action. The auth events below are recorded only here (their
 * use cases write no entry). The workspace domain records its own actions in the
 * same transaction as the change, with IP, user agent and diff, and tags the entry
 * with the event id; history does not listen to those events, so no entry can come
 * from both paths.
 */
function fromEvent(action: TAuditAction, meta: TListenerMeta) {
  return { action, eventId: meta.eventId, at: meta.publishedAt }
}

export const listeners = defineListeners('history', {
  UserActivated: (p, meta) =>
    audit(meta.tx, { ...fromEvent('user.activate', meta), actorUserId: p.userId, entityId: p.userId }).then(() => {}),
  UserLoggedIn: (p, meta) =>
    audit(meta.tx, {
      ...fromEvent('user.login', meta),
      at: new Date(p.at),
      actorUserId: p.userId,
      entityId: p.userId,
      ip: p.ip,
      userAgent: p.userAgent,
    }).then(() => {}),
  UserEmailUpdated: (p, meta) =>
    audit(meta.tx, {
      ...fromEvent('user.email_change', meta),
      actorUserId: p.userId,
      entityId: p.userId,
      diff: { email: { from: p.oldEmail, to: p.newEmail } },
    }).then(() => {}),
})
