/** Who edits: the user id recorded as author of drafts, versions and schedules, and where from (the audit log). */
export interface TContentActor {
  userId: string
  ip?: string | null
  userAgent?: string | null
}

/** The audit entry's who and where-from. */
export function auditMeta(actor: TContentActor) {
  return { actorUserId: actor.userId, ip: actor.ip ?? null, userAgent: actor.userAgent ?? null }
}
