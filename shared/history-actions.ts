/**
 * The typed catalog of audit actions (`resource.verb`). An entry whose action is not
 * here is refused, so the log's vocabulary stays a closed list that filters and
 * translations can rely on. `security` marks what a person sees as their own
 * security history (GET /api/history/mine).
 */
export interface TAuditActionDef {
  entityType: string
  security: boolean
  description: string
}

function def(entityType: string, security: boolean, description: string): TAuditActionDef {
  return { entityType, security, description }
}

export const AUDIT_ACTIONS = {
  'user.activate': def('user', true, 'The account was verified and became active.'),
  'user.login': def('user', true, 'The user signed in.'),
  'user.email_change': def('user', true, 'The user confirmed a new email address.'),
  'user.update': def('user', true, 'The user changed their personal data (name, language, IIN/INN).'),
  'user.phone_change': def('user', true, 'The user confirmed a new phone number with an SMS code.'),
  'user.block': def('user', true, 'An administrator blocked the account (every session ended).'),
  'user.unblock': def('user', true, 'An administrator unblocked the account.'),
  'user.roles_change': def('user', true, "An administrator changed the account's platform roles."),
  'workspace.create': def('workspace', false, 'A company workspace was created.'),
  'workspace.update': def('workspace', false, "A workspace's name or requisites changed."),
  'member.role_change': def('member', true, "A member's role in a workspace changed."),
  'member.remove': def('member', true, 'A member was removed from a workspace.'),
  'invite.create': def('invite', false, 'Someone was invited to a workspace.'),
  'invite.accept': def('invite', true, 'An invitation was accepted; the invitee became a member.'),
  'invite.revoke': def('invite', false, 'An invitation was revoked before it was accepted.'),
  'group.create': def('group', false, 'A member group was created.'),
  'group.delete': def('group', false, 'A member group was deleted.'),
  'group.assign': def('group', false, "A group's members were set."),
  'module.activate': def('module', false, 'A product module was switched on for a workspace.'),
  'module.deactivate': def('module', false, 'A product module was switched off for a workspace.'),
  'content.publish': def('content', false, 'A catalog item was published as its next version (now, or by the worker on schedule).'),
  'content.unpublish': def('content', false, 'A catalog item was taken off the public site.'),
  'content.schedule': def('content', false, "A catalog item's publishing was scheduled."),
  'content.schedule_cancel': def('content', false, "A catalog item's scheduled publishing was cancelled."),
  'template.publish': def('template', false, 'A document template was published as its next version.'),
  'file.sign': def('file', false, 'A member put a qualified signature on a file of the workspace.'),
  'signing.request': def('signing', false, 'A file was sent to parties for qualified signatures.'),
  'signing.sign': def('signing', false, 'A party of a signing request signed through its link.'),
  'signing.decline': def('signing', false, 'A party of a signing request declined to sign, with a reason.'),
  'signing.cancel': def('signing', false, 'The sender cancelled a signing request.'),
  'signing.expire': def('signing', false, 'A signing request reached its deadline unsigned.'),
  'signing.contact': def('signing', false, "The sender corrected a party's email or phone: a new link went there."),
  'card.create': def('card', false, 'A document was entered in the registry (a card with the next number).'),
  'card.update': def('card', false, "A registry card's details or parties changed."),
  'card.terminate': def('card', false, 'A signed document was marked terminated in the registry.'),
  'card.esedo': def('card', false, "A signed card's document was sent to an organisation through ESEDO."),
  'registry.settings': def('registry', false, "The workspace's document number prefix changed."),
  'dictionary.change': def('dictionary', false, 'A dictionary entry (document type, region, counterparty) was added or changed.'),
} as const satisfies Record<string, TAuditActionDef>

export type TAuditAction = keyof typeof AUDIT_ACTIONS

export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as TAuditAction[]

export const SECURITY_ACTIONS = AUDIT_ACTION_NAMES.filter((a) => AUDIT_ACTIONS[a].security)

export function isAuditAction(value: string): value is TAuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value)
}
