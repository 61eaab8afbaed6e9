import { z } from 'zod'
import type { TDomain } from '../../shared/domains'

/**
 * The typed event catalog: every event the platform publishes, declared once with
 * its version, payload schema, publishing domain and subscribing domains. The relay
 * fans each outbox row out to one BullMQ queue per subscriber.
 */
export interface TEventDef<
  TName extends string = string,
  TPayload extends z.ZodType = z.ZodType,
  TSubs extends readonly TDomain[] = readonly TDomain[],
> {
  name: TName
  version: number
  payload: TPayload
  publisher: TDomain
  subscribers: TSubs
  description: string
}

// `const TSubs` keeps the subscriber list literal, so defineListeners can type-check
// that a domain only listens to events it subscribes to.
function defineEvent<TName extends string, TPayload extends z.ZodType, const TSubs extends readonly TDomain[]>(
  def: TEventDef<TName, TPayload, TSubs>,
) {
  return def
}

const id = z.string().min(1)

export const EVENTS = {
  UserActivated: defineEvent({
    name: 'UserActivated',
    version: 1,
    publisher: 'auth',
    subscribers: ['billing', 'explorer', 'notification', 'history'],
    description: 'A registered user verified their email or phone; the account is active.',
    payload: z.object({ userId: id, email: z.email().nullable(), phone: z.string().nullable(), locale: z.string() }),
  }),
  UserLoggedIn: defineEvent({
    name: 'UserLoggedIn',
    version: 1,
    publisher: 'auth',
    subscribers: ['notification', 'history'],
    description: 'A user signed in (one per successful login).',
    payload: z.object({ userId: id, ip: z.string().nullable(), userAgent: z.string().nullable(), at: z.iso.datetime() }),
  }),
  UserEmailUpdated: defineEvent({
    name: 'UserEmailUpdated',
    version: 1,
    publisher: 'auth',
    subscribers: ['notification', 'explorer', 'history'],
    description: 'A user confirmed a new email address.',
    payload: z.object({ userId: id, oldEmail: z.email().nullable(), newEmail: z.email() }),
  }),
  FileSigned: defineEvent({
    name: 'FileSigned',
    version: 1,
    publisher: 'explorer',
    subscribers: ['auth', 'notification', 'registry'],
    description: 'A signer put a qualified electronic signature on a file.',
    payload: z.object({
      fileId: id,
      signatureId: id,
      signerUserId: id.nullable(),
      iin: z.string().nullable(),
      bin: z.string().nullable(),
    }),
  }),
  SigningRequestUpdated: defineEvent({
    name: 'SigningRequestUpdated',
    version: 1,
    publisher: 'explorer',
    subscribers: ['registry'],
    description: 'A signing request of a file was sent or closed (completed, declined, cancelled, expired); registry moves the file\'s cards.',
    payload: z.object({
      requestId: id,
      fileId: id,
      workspaceId: id,
      status: z.enum(['active', 'completed', 'declined', 'cancelled', 'expired']),
    }),
  }),
  EsedoSendRequested: defineEvent({
    name: 'EsedoSendRequested',
    version: 1,
    publisher: 'registry',
    subscribers: ['registry'],
    description: 'A member sent a signed card\'s document to an organisation through ESEDO; the registry calls the gateway from the worker.',
    payload: z.object({ cardId: id, recipientId: z.string().max(64), requestedBy: id }),
  }),
  CreateDocumentCard: defineEvent({
    name: 'CreateDocumentCard',
    version: 1,
    publisher: 'document',
    subscribers: ['registry', 'notification'],
    description: 'A document generated from a filling should get a registry card (number, date, title); one card per filling.',
    payload: z.object({
      documentId: id,
      fillingId: id,
      /** Null: the owner's personal space. */
      workspaceId: id.nullable(),
      ownerId: id,
      title: z.string().max(500),
    }),
  }),
  WorkspaceCreated: defineEvent({
    name: 'WorkspaceCreated',
    version: 1,
    publisher: 'workspace',
    subscribers: ['explorer', 'billing', 'notification'],
    description: 'A company workspace was created.',
    payload: z.object({ workspaceId: id, ownerId: id, name: z.string(), bin: z.string().nullable() }),
  }),
  WorkspaceUserConfirm: defineEvent({
    name: 'WorkspaceUserConfirm',
    version: 1,
    publisher: 'workspace',
    subscribers: ['notification'],
    description: 'An invited user accepted a workspace invitation.',
    payload: z.object({ workspaceId: id, userId: id, role: z.string() }),
  }),
  PasswordResetRequested: defineEvent({
    name: 'PasswordResetRequested',
    version: 1,
    publisher: 'auth',
    subscribers: ['auth'],
    description: 'Someone asked for a reset link for an address; the worker issues and sends it if the address has an account.',
    payload: z.object({
      email: z.email(),
      /** The raw token, sealed (server/lib/seal.ts): the worker stores its hash and mails the link. */
      token: z.string().min(1),
    }),
  }),
  AuthMessageRequested: defineEvent({
    name: 'AuthMessageRequested',
    version: 1,
    publisher: 'auth',
    subscribers: ['notification'],
    description: 'A verification, reset or change link (email) or code (SMS) was issued; the worker sends it.',
    payload: z.object({
      userId: id,
      kind: z.enum(['verify_email', 'verify_phone', 'reset_password', 'change_email', 'change_phone']),
      channel: z.enum(['email', 'phone']),
      to: z.string().min(1),
      locale: z.string(),
      /** The link or code, sealed (server/lib/seal.ts): outbox rows and Redis jobs never hold it in clear. */
      secret: z.string().min(1),
    }),
  }),
  WorkspaceInviteCreated: defineEvent({
    name: 'WorkspaceInviteCreated',
    version: 1,
    publisher: 'workspace',
    subscribers: ['notification'],
    description: 'Someone was invited to a workspace by email or phone; the worker sends the link.',
    payload: z.object({
      inviteId: id,
      workspaceId: id,
      workspaceName: z.string(),
      role: z.string(),
      invitedBy: id,
      channel: z.enum(['email', 'phone']),
      to: z.string().min(1),
      /** The recipient's language: theirs when registered, else the inviting user's. */
      locale: z.string(),
      /** The invitation link, sealed (server/lib/seal.ts). */
      link: z.string().min(1),
    }),
  }),
  WorkspaceCompanyClaimed: defineEvent({
    name: 'WorkspaceCompanyClaimed',
    version: 1,
    publisher: 'workspace',
    subscribers: ['notification'],
    description:
      'A company workspace was created with a BIN/INN a verified workspace already holds; it stays unverified, and the worker emails the holder\'s owners and admins.',
    payload: z.object({
      workspaceId: id,
      workspaceName: z.string(),
      claimedBy: id,
      number: z.object({ kind: z.enum(['bin', 'inn']), value: z.string() }),
      holderWorkspaceId: id,
      holderName: z.string(),
      /** Owners and admins of the holder with an email, each in their own language. */
      recipients: z.array(z.object({ userId: id, email: z.email(), locale: z.string() })),
    }),
  }),
  ModuleActivated: defineEvent({
    name: 'ModuleActivated',
    version: 1,
    publisher: 'workspace',
    subscribers: ['notification'],
    description: 'A product module was activated for a workspace.',
    payload: z.object({ workspaceId: id, module: z.string() }),
  }),
  OrderPaid: defineEvent({
    name: 'OrderPaid',
    version: 1,
    publisher: 'billing',
    subscribers: ['notification', 'document', 'subscription'],
    description: 'An order was paid (payment confirmed by the provider).',
    payload: z.object({
      orderId: id,
      userId: id,
      /** The total in major units with two decimals ("4900.00"). */
      amount: z.string(),
      currency: z.string(),
      /** What was bought, for the domains that unlock it (a document line's ref is its filling id). */
      items: z.array(z.object({ kind: z.enum(['document', 'subscription', 'topup']), ref: z.string().nullable() })).optional(),
    }),
  }),
  OrderPaymentRequested: defineEvent({
    name: 'OrderPaymentRequested',
    version: 1,
    publisher: 'billing',
    subscribers: ['notification'],
    description: 'An order the person did not place themselves waits for their payment (a plan renewal the balance did not pay); the worker emails them the link to pay it.',
    payload: z.object({
      orderId: id,
      userId: id,
      /** Where the message goes; null when the person has no email (nothing is sent). */
      email: z.email().nullable(),
      locale: z.string(),
      reason: z.enum(['renewal']),
      title: z.string().max(300),
      /** The amount as text in the region's format ("4 900 ₸"), ready for the message. */
      amountText: z.string().max(40),
      /** The checkout page to pay it on, an absolute URL on this site. */
      payUrl: z.url(),
      /** When the plan stops without payment. */
      payBy: z.iso.datetime().nullable(),
    }),
  }),
  OrderRefunded: defineEvent({
    name: 'OrderRefunded',
    version: 1,
    publisher: 'billing',
    subscribers: ['document', 'subscription'],
    description: 'An order was refunded in full (an admin’s refund): what it bought is taken back.',
    payload: z.object({
      orderId: id,
      userId: id,
      /** What was refunded in major units with two decimals. */
      amount: z.string(),
      currency: z.string(),
      items: z.array(z.object({ kind: z.enum(['document', 'subscription', 'topup']), ref: z.string().nullable() })),
    }),
  }),
  SubscriptionProvide: defineEvent({
    name: 'SubscriptionProvide',
    version: 1,
    publisher: 'subscription',
    subscribers: ['notification'],
    description: 'A subscription plan was granted to a user or workspace.',
    payload: z.object({ subscriptionId: id, userId: id, plan: z.string(), until: z.iso.datetime() }),
  }),
  SubscriptionRenewalDue: defineEvent({
    name: 'SubscriptionRenewalDue',
    version: 1,
    publisher: 'subscription',
    subscribers: ['billing'],
    description: 'A subscription period ended: billing makes the renewal order and pays it from the balance when allowed and covered.',
    payload: z.object({
      subscriptionId: id,
      /** The renewal checkout: the order line's ref, applied by subscription when OrderPaid names it. */
      checkoutId: id,
      userId: id,
      /** A company workspace's plan: its renewal is the workspace's order, paid from the workspace's balance. */
      workspaceId: id.nullable().optional(),
      title: z.string().max(300),
      amountMinor: z.number().int().positive(),
      currency: z.string().length(3),
      /** False after a free trial: the person is asked to pay, their balance is not spent unasked. */
      payFromBalance: z.boolean(),
      /** When the plan stops unless the renewal is paid. */
      graceUntil: z.iso.datetime().optional(),
    }),
  }),
  FileUploaded: defineEvent({
    name: 'FileUploaded',
    version: 1,
    publisher: 'explorer',
    subscribers: ['explorer'],
    description: 'A file was stored; explorer scans it with the antivirus.',
    payload: z.object({ fileId: id, key: z.string(), size: z.number().int().nonnegative() }),
  }),
  SigningMessageRequested: defineEvent({
    name: 'SigningMessageRequested',
    version: 1,
    publisher: 'explorer',
    subscribers: ['notification'],
    description:
      'A signing request needs a message sent: a party invited or reminded (their link), or the sender told that a party signed or declined, that all signed, or that the deadline passed.',
    payload: z.object({
      requestId: id,
      kind: z.enum(['invite', 'reminder', 'signed', 'declined', 'completed', 'expired']),
      channel: z.enum(['email', 'phone']),
      to: z.string().min(1),
      locale: z.string(),
      fileName: z.string(),
      senderName: z.string(),
      /** The party the message is about (signed, declined) or addressed to (invite, reminder). */
      partyName: z.string().nullable(),
      reason: z.string().nullable(),
      message: z.string().nullable(),
      deadline: z.iso.datetime().nullable(),
      /** The party's signing page (invite, reminder) or the sender's file page, sealed (server/lib/seal.ts). */
      link: z.string().min(1),
    }),
  }),
  DocumentRequested: defineEvent({
    name: 'DocumentRequested',
    version: 1,
    publisher: 'document',
    subscribers: ['document'],
    description: 'A person asked for a complete filling as DOCX or PDF; the document domain renders it in the worker.',
    payload: z.object({
      documentId: id,
      fillingId: id,
      format: z.enum(['docx', 'pdf']),
      /** The language asked for (a bilingual template prints both columns anyway); absent: Russian. */
      locale: z.enum(['ru', 'kk', 'en']).optional(),
    }),
  }),
  DocumentGenerated: defineEvent({
    name: 'DocumentGenerated',
    version: 1,
    publisher: 'document',
    subscribers: ['explorer'],
    description: 'A requested document was rendered and stored; explorer will file it among the owner\'s files.',
    payload: z.object({ documentId: id, fillingId: id, userId: id, workspaceId: z.string().nullable(), format: z.enum(['docx', 'pdf']), key: z.string(), size: z.number().int().nonnegative(), fileName: z.string() }),
  }),
  TemplatePublished: defineEvent({
    name: 'TemplatePublished',
    version: 1,
    publisher: 'document',
    subscribers: ['content'],
    description: 'A constructor template got a new published version; content (re)indexes it for search (platform templates only).',
    payload: z.object({
      templateId: id,
      versionNumber: z.number().int().positive(),
      /** Null: a platform template (public); else a workspace's own, which search leaves out. */
      workspaceId: z.string().nullable(),
      region: z.enum(['kz', 'ru']),
      title: z.object({ ru: z.string(), kk: z.string().optional(), en: z.string().optional() }),
      /** The opening text of the body per language (plain, at most ~400 characters). */
      summary: z.object({ ru: z.string().optional(), kk: z.string().optional(), en: z.string().optional() }),
      languages: z.array(z.enum(['ru', 'kk', 'en'])),
      priceMinor: z.number().int().nonnegative(),
      publishedAt: z.string(),
    }),
  }),
} as const

export type TEventName = keyof typeof EVENTS
export type TEventPayload<N extends TEventName> = z.infer<(typeof EVENTS)[N]['payload']>

/** Event names a domain subscribes to, as a type (the literal subscriber lists of EVENTS). */
export type TSubscribedEvent<D extends TDomain> = {
  [N in TEventName]: D extends (typeof EVENTS)[N]['subscribers'][number] ? N : never
}[TEventName]

export function eventsSubscribedBy(domain: TDomain): TEventName[] {
  return (Object.keys(EVENTS) as TEventName[]).filter((n) =>
    (EVENTS[n].subscribers as readonly TDomain[]).includes(domain),
  )
}
