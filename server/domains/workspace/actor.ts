/** Who acts and from where: recorded in the audit log with every workspace change. */
export interface TActor {
  userId: string
  ip: string | null
  userAgent: string | null
}

export function auditMeta(actor: TActor) {
  return { actorUserId: actor.userId, ip: actor.ip, userAgent: actor.userAgent }
}
