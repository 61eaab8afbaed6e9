import { defineListeners, type TListenerMeta } from '../../events'
import type { TDb } from '../../lib/db'
import type { TAuditAction } from '../../../shared/history-actions'
import { audit, type TAuditEntry } from './audit'

/**
 * History records events from other domains. The workspace domain already audits its
 * own actions in the same transaction as the change (with IP, user agent and diff)
 * and tags that entry with the event id; for its events the listener only writes
 * when no entry carries the event id, so nothing is recorded twice.
 */
async function auditOnce(tx: TDb, meta: TListenerMeta, entry: Omit<TAuditEntry, 'eventId'> & { entityId: string }) {
  const seen = await tx.auditLog.findFirst({
    where: { entityType: entry.entityType, entityId: entry.entityId, eventId: meta.eventId },
    select: { id: true },
  })
  if (!seen) await audit(tx, { ...entry, eventId: meta.eventId })
}

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
  WorkspaceCreated: (p, meta) =>
    auditOnce(meta.tx, meta, {
      action: 'workspace.create',
      at: meta.publishedAt,
      actorUserId: p.ownerId,
      workspaceId: p.workspaceId,
      entityType: 'workspace',
      entityId: p.workspaceId,
      diff: { name: p.name, bin: p.bin },
    }),
  WorkspaceUserConfirm: (p, meta) =>
    auditOnce(meta.tx, meta, {
      action: 'invite.accept',
      at: meta.publishedAt,
      actorUserId: p.userId,
      workspaceId: p.workspaceId,
      entityType: 'member',
      entityId: p.userId,
      diff: { role: p.role },
    }),
  ModuleActivated: (p, meta) =>
    auditOnce(meta.tx, meta, {
      action: 'module.activate',
      at: meta.publishedAt,
      actorUserId: null,
      workspaceId: p.workspaceId,
      entityType: 'module',
      entityId: p.module,
    }),
})
